import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SealedRefreshTokenStore, sqliteRefreshCell } from '../../src/mail/oauth-refresh-store.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-oauth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 3) }]);
const CLIENT = 'https://login.example/token bot-client';

describe('a rotated OAuth2 refresh token on the embedded SQLite store', () => {
  it('survives a restart, sealed in the database file (it was kept in memory only without Redis)', async () => {
    const path = join(dir, 'bot.db');
    const first = new SqliteApplicationStore({ path, keys });
    const tokens = new SealedRefreshTokenStore(sqliteRefreshCell(first.database, CLIENT), keys, CLIENT);
    expect(await tokens.load('rt-configured')).toBeUndefined();
    await tokens.save('rt-configured', 'rt-rotated-7f3a9c');
    await first.close();

    expect(readFileSync(path).includes('rt-rotated-7f3a9c')).toBe(false);
    const again = new SqliteApplicationStore({ path, keys });
    const reread = new SealedRefreshTokenStore(sqliteRefreshCell(again.database, CLIENT), keys, CLIENT);
    expect(await reread.load('rt-configured')).toBe('rt-rotated-7f3a9c');
    // A newly configured token replaces what descends from the old one.
    expect(await reread.load('rt-new-from-operator')).toBeUndefined();
    await again.close();
  });
});
