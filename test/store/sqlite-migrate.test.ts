import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteMailState } from '../../src/mail/sqlite-mail-state.js';
import { SqliteCertificateRegistry } from '../../src/remind/sqlite-registry.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { outboxMessage } from '../mail/state-contract.js';
import { sampleApp } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 7) }]);
let n = 0;

/** The tables each schema version added (src/store/sqlite-schema.ts), frozen as they shipped. */
const ADDED: Record<number, string[]> = {
  1: ['apps', 'audit', 'bindings', 'events', 'leases', 'outbox', 'shown', 'terms'],
  2: ['mail_checkpoints', 'mail_locks', 'mail_outbox', 'mail_threads'],
  3: ['remind_certs', 'remind_jobs', 'remind_once', 'remind_sent', 'remind_teams'],
  4: ['ct_alerts', 'ct_cursors', 'secrets'],
  5: [], // audit and outbox rebuilt without AUTOINCREMENT
};
const upTo = (v: number) => Object.entries(ADDED).flatMap(([k, t]) => (Number(k) <= v ? t : []));

function tables(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string }>
  ).map((r) => r.name);
}

/**
 * A database file as an older bot left it: written by the store, then cut back to `version` — the
 * later migrations' tables dropped (they only add tables) and `user_version` set back.
 */
async function olderDatabase(version: number) {
  const path = join(dir, `v${version}-${++n}.db`);
  const app = sampleApp({ fields: { name: 'Taro Yamada', phone: '+81312345678' } });
  const store = new SqliteApplicationStore({ path, keys });
  await store.save({
    app,
    expectedVersion: 0,
    eventId: 'e-before',
    bind: ['console:old'],
    audit: { at: '2026-01-01T00:00:00.000Z', actor: 'console:me', changed: ['name'] },
  });
  const message = outboxMessage();
  if (version >= 2) await new SqliteMailState(store.database, keys).putOutbox(message);
  await store.close();
  const raw = new Database(path);
  for (let v = SCHEMA_VERSION; v > version; v--) {
    for (const t of ADDED[v] ?? []) raw.exec(`DROP TABLE ${t}`);
  }
  raw.pragma(`user_version = ${version}`);
  expect(tables(raw)).toEqual(upTo(version).sort());
  raw.close();
  return { path, app, message };
}

describe('SQLite schema migrations', () => {
  it('knows every version the test freezes (a new migration needs a row here)', () => {
    expect(Object.keys(ADDED).map(Number)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  for (const from of [1, 2, 4]) {
    it(`opens a version-${from} database, brings it to the latest version and keeps what was written`, async () => {
      const { path, app, message } = await olderDatabase(from);
      const store = new SqliteApplicationStore({ path, keys });
      try {
        const db = store.database;
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(tables(db)).toEqual(upTo(SCHEMA_VERSION).sort());
        // Written before the upgrade: the application (sealed fields decrypt), its binding, audit, event.
        const loaded = await store.load(app.id);
        expect(loaded).toMatchObject({ version: 1, app: { id: app.id, fields: app.fields } });
        expect(await store.resolve('console:old')).toBe(app.id);
        expect(await store.audit(app.id)).toMatchObject([{ actor: 'console:me', changed: ['name'] }]);
        expect(await store.isProcessed('e-before', app.id)).toBe(true);
        const mail = new SqliteMailState(db, keys);
        if (from >= 2) expect(await mail.getOutbox(message.id)).toEqual(message);
        // The tables the migrations added work.
        const later = outboxMessage();
        expect(await mail.putOutbox(later)).toBe(true);
        expect(await mail.getOutbox(later.id)).toEqual(later);
        const registry = new SqliteCertificateRegistry(db);
        await registry.putTeam({ id: 'web', lang: 'ja', emails: [] });
        expect(await registry.getTeam('web')).toMatchObject({ id: 'web' });
        // And the application store still writes.
        await store.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
      } finally {
        await store.close();
      }
      // Reopened at the latest version: nothing to migrate, everything still there.
      const again = new SqliteApplicationStore({ path, keys });
      try {
        expect(again.database.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(await again.load(app.id)).toMatchObject({ version: 2, app: { lang: 'en' } });
      } finally {
        await again.close();
      }
    });
  }

  it('refuses a database from a newer bot, leaving it untouched', async () => {
    const { path } = await olderDatabase(SCHEMA_VERSION);
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => new SqliteApplicationStore({ path, keys })).toThrow(/newer than this bot/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});
