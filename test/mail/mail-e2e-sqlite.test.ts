import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteMailState } from '../../src/mail/sqlite-mail-state.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { mailEndToEnd } from './mail-e2e-scenarios.js';

// The same application on the embedded default (no Redis): applications and mail state in one SQLite file.
const dir = mkdtempSync(join(tmpdir(), 'evssl-mail-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mailEndToEnd('SQLite', () => {
  const store = new SqliteApplicationStore({
    path: join(dir, 'mail.db'),
    keys: new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 5) }]),
  });
  return { store, state: SqliteMailState.of(store)! };
});
