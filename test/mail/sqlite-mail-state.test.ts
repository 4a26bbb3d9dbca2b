import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { SqliteMailState } from '../../src/mail/sqlite-mail-state.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { mailStateContract, outboxMessage } from './state-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-mail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 9) }]);
let n = 0;

/** The mail state on its own database file; closing it closes the store that owns the connection. */
function onFile(path = join(dir, `mail-${++n}.db`)) {
  const store = new SqliteApplicationStore({ path, keys });
  const state = SqliteMailState.of(store)!;
  return Object.assign(state, { close: () => store.close() });
}

mailStateContract('sqlite', async () => onFile());

describe('SqliteMailState', () => {
  it('is only made for the SQLite store', () => {
    expect(SqliteMailState.of(new MemoryApplicationStore())).toBeUndefined();
    expect(new MemoryMailState()).toBeDefined();
  });

  it('keeps the outbox, checkpoint and threads across a reopen, with no address or text in the file', async () => {
    const path = join(dir, 'reopen.db');
    const first = onFile(path);
    const m = outboxMessage({ to: ['hanako.sato@sakura-shoji.co.jp'], text: '役職は代表取締役です' });
    await first.putOutbox(m);
    await first.markFailed(m.id, 'smtp_421', 2000);
    await first.setCheckpoint('INBOX', { uidValidity: '7', lastUid: 99 });
    await first.setThread({
      applicationId: 'A1B2C3',
      to: ['hanako.sato@sakura-shoji.co.jp'],
      references: [],
    });
    await first.close();
    const bytes = ['', '-wal']
      .map((s) => {
        try {
          return readFileSync(path + s).toString('utf8');
        } catch {
          return '';
        }
      })
      .join('');
    expect(bytes).not.toContain('hanako.sato');
    expect(bytes).not.toContain('代表取締役');
    const second = onFile(path);
    expect((await second.dueOutbox(2000)).map((x) => [x.id, x.attempts, x.lastError])).toEqual([
      [m.id, 1, 'smtp_421'],
    ]);
    expect(await second.getCheckpoint('INBOX')).toEqual({ uidValidity: '7', lastUid: 99 });
    expect((await second.getThread('A1B2C3'))?.to).toEqual(['hanako.sato@sakura-shoji.co.jp']);
    await second.close();
  });
});
