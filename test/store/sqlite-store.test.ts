import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import { turnStoreContract } from './turn-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 7) }]);
let n = 0;
const fresh = () => join(dir, `store-${++n}.db`);

applicationStoreContract('sqlite', async () => new SqliteApplicationStore({ path: fresh(), keys }));
turnStoreContract('sqlite', async () => new SqliteApplicationStore({ path: fresh(), keys }));

const DAY = 24 * 3600 * 1000;
const RETENTION = { cancelledMs: DAY, abandonedMs: 180 * DAY, issuedMs: 450 * DAY, issuedKeep: ['members'] };
const clocks = new WeakMap<SqliteApplicationStore, { now: number }>();
applicationStoreContract(
  'sqlite with retention',
  async () => {
    const clock = { now: Date.parse('2026-11-01T00:00:00Z') };
    const store = new SqliteApplicationStore({
      path: fresh(),
      keys,
      retention: RETENTION,
      now: () => clock.now,
    });
    clocks.set(store, clock);
    return store;
  },
  {
    expire: async (store, id) => {
      const s = (await store.load(id))!;
      await store.save({ app: { ...s.app, status: 'cancelled' }, expectedVersion: s.version });
      clocks.get(store)!.now += DAY + 1;
    },
  },
);

describe('SqliteApplicationStore', () => {
  it('keeps an application across a reopen, with no personal data in the file', async () => {
    const path = fresh();
    const app = sampleApp({
      fields: { name: 'Taro Yamada', phone: '+81312345678' },
      members: [{ channel: 'email', id: 'taro.yamada@example.jp' }],
    });
    const first = new SqliteApplicationStore({ path, keys });
    await first.save({
      app,
      expectedVersion: 0,
      bind: ['console:1'],
      audit: { at: 'x', actor: 'email:taro.yamada@example.jp', changed: [] },
    });
    await first.close();
    const bytes = ['', '-wal'].map((s) => {
      try {
        return readFileSync(path + s, 'latin1');
      } catch {
        return '';
      }
    });
    for (const secret of ['Taro Yamada', '+81312345678', 'taro.yamada@example.jp']) {
      expect(bytes.join('')).not.toContain(secret);
    }
    const second = new SqliteApplicationStore({ path, keys });
    expect((await second.loadForTurn('console:1')).stored?.app.fields).toEqual(app.fields);
    expect((await second.audit(app.id))[0]?.actor).toBe('email:taro.yamada@example.jp');
    await second.close();
  });

  it('refuses a second opener of the same file with a clear message', async () => {
    const path = fresh();
    const first = new SqliteApplicationStore({ path, keys });
    expect(() => new SqliteApplicationStore({ path, keys })).toThrow(/in use by another evssl-bot process/);
    await first.close();
    const again = new SqliteApplicationStore({ path, keys });
    await again.close();
  });
});

describe('the SQLite audit trail', () => {
  it('keeps the newest auditCap lines of each application, and only its own', async () => {
    const store = new SqliteApplicationStore({ path: fresh(), keys, auditCap: 3 });
    const app = sampleApp();
    const other = sampleApp();
    await store.save({
      app: other,
      expectedVersion: 0,
      audit: { at: 'o', actor: 'console:me', changed: [] },
    });
    for (let v = 0; v < 6; v++) {
      await store.save({
        app,
        expectedVersion: v,
        audit: { at: String(v), actor: 'console:me', changed: [] },
      });
    }
    expect((await store.audit(app.id)).map((e) => e.at)).toEqual(['3', '4', '5']);
    expect((await store.audit(other.id)).map((e) => e.at)).toEqual(['o']);
    await store.close();
  });
});
