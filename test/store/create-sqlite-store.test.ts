import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { sampleApp } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createStore with STORE=sqlite', () => {
  it('opens the file in DATA_DIR with a generated 0600 key file, and keeps applications across a reopen', async () => {
    const config = readConfig({ STORE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent' });
    const app = sampleApp();
    const first = await createStore(config, logger);
    await first.save({ app, expectedVersion: 0 });
    await first.close();
    expect(statSync(join(dir, 'data-keys')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'evssl-bot.db')).isFile()).toBe(true);
    const second = await createStore(config, logger);
    expect((await second.load(app.id))?.version).toBe(1);
    await second.close();
  });
});
