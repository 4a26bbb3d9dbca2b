import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { slackEndToEnd } from './slack-e2e-scenarios.js';

// The same scenarios on the embedded default store (no Redis): a SQLite file per test.
const dir = mkdtempSync(join(tmpdir(), 'evssl-slack-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 9) }]);
let n = 0;

slackEndToEnd('SQLite store', () => new SqliteApplicationStore({ path: join(dir, `slack-${++n}.db`), keys }));
