import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCtState } from '../../src/ct/sqlite-ct-state.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { ctStateContract } from './ct-state-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-ct-sqlite-'));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 4) }]);
const stores: SqliteApplicationStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
const open = (path = join(dir, `ct-${++n}.db`)) => {
  const store = new SqliteApplicationStore({ path, keys });
  stores.push(store);
  return store;
};

ctStateContract('sqlite', () => new SqliteCtState(open().database));

describe('SqliteCtState across a restart', () => {
  it('goes on from the cursor and never alerts twice (it was in memory without Redis)', async () => {
    const path = join(dir, 'restart.db');
    const first = new SqliteApplicationStore({ path, keys });
    const a = new SqliteCtState(first.database);
    await a.setCursor('naniwa.jp', '42');
    expect(await a.claimAlert('cert-1')).toBe(true);
    await first.close();
    const b = new SqliteCtState(open(path).database);
    expect(await b.cursor('naniwa.jp')).toBe('42');
    expect(await b.claimAlert('cert-1')).toBe(false);
  });

  it('an alert claim lapses after two years', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const s = new SqliteCtState(open().database, () => now);
    expect(await s.claimAlert('cert-2')).toBe(true);
    now += 733 * 86_400_000;
    expect(await s.claimAlert('cert-2')).toBe(true);
  });
});
