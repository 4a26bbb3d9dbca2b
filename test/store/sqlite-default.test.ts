import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { captureLogs } from './redis-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-default-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real bot, as `npm start` runs it with no configuration but a data folder of the test's own. */
function runBot(dataDir: string, lines: string[]) {
  const r = spawnSync(process.execPath, ['bin/evssl-bot.js', '--lang', 'en'], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('SQLite is the default without REDIS_URL', () => {
  it('createStore opens the SQLite file in DATA_DIR and names it', async () => {
    const { logger, lines } = captureLogs();
    const config = readConfig({ DATA_DIR: join(dir, 'cfg') });
    expect(config.store.kind).toBe('sqlite');
    const store = await createStore(config, logger);
    expect(store).toBeInstanceOf(SqliteApplicationStore);
    expect(lines.find((l) => l.msg === 'using the SQLite store')).toMatchObject({
      file: join(dir, 'cfg', 'evssl-bot.db'),
    });
    await store.close();
  });

  it('`npm start` keeps a console application across a restart', () => {
    const data = join(dir, 'console');
    const first = runBot(data, ['acquire', 'yes', 'yes']);
    expect(first.code).toBe(0);
    expect(first.err).toBe('');
    expect(first.out).toContain('Which document will confirm your organisation name?');
    // A new process: the same application, at the question the first one stopped on.
    const second = runBot(data, ['1']);
    expect(second.code).toBe(0);
    expect(second.err).toBe('');
    expect(second.out).toContain('== Progress');
    expect(second.out).toContain('Which document will confirm your organisation name?');
    expect(second.out).not.toContain('✖');
    expect(second.out).toContain('Start the application');
    expect(second.out).toContain('Answer "opened" when the form is open');
  });

  it('STORE=memory keeps nothing across a restart', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory', DATA_DIR: join(dir, 'm') };
    const run = (input: string) =>
      spawnSync(process.execPath, ['bin/evssl-bot.js', '--lang', 'en'], {
        cwd: root,
        input,
        encoding: 'utf8',
        env,
      });
    run('acquire\nyes\n');
    expect(run('1\n').stdout).not.toContain('== Progress');
  });
});
