import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import { turnStoreContract } from './turn-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 7) }]);
let n = 0;
const fresh = () => join(dir, `store-${++n}.db`);

// Every read from the file, none from the in-process cache: the cold path keeps the whole contract too.
const cold = async () => new SqliteApplicationStore({ path: fresh(), keys, cacheSize: 0 });
applicationStoreContract('sqlite without its cache', cold);
turnStoreContract('sqlite without its cache', cold);

const audit = (at: string) => ({ at, actor: 'console:me', changed: [] });

describe('the SQLite store cache beside a command writing the same file', () => {
  const open: SqliteApplicationStore[] = [];
  afterEach(async () => {
    for (const s of open.splice(0).reverse()) await s.close();
  });
  /** The bot (holds the file) and a CLI command beside it (`hold: false`), on one file. */
  function pair() {
    const path = fresh();
    const bot = new SqliteApplicationStore({ path, keys });
    const tool = new SqliteApplicationStore({ path, keys, hold: false });
    open.push(bot, tool);
    return { bot, tool };
  }

  it("reads the command's write at once: the turn after it works on the fresh state", async () => {
    const { bot, tool } = pair();
    const app = sampleApp();
    await bot.save({ app, expectedVersion: 0, bind: ['console:a'] });
    expect((await bot.loadForTurn('console:a')).stored?.version).toBe(1); // cached now
    await tool.save({ app: { ...app, lang: 'en' }, expectedVersion: 1, audit: audit('tool') });
    const read = await bot.loadForTurn('console:a');
    expect(read.stored).toMatchObject({ version: 2, app: { lang: 'en' } });
    const r = await bot.save({ app: read.stored!.app, expectedVersion: 2, audit: audit('bot') });
    expect(r).toMatchObject({ status: 'saved', version: 3 });
    expect((await tool.audit(app.id)).map((e) => e.at)).toEqual(['tool', 'bot']);
  });

  it('refuses a turn read before the command wrote, with what the file holds, and writes nothing of it', async () => {
    const { bot, tool } = pair();
    const app = sampleApp();
    await bot.save({ app, expectedVersion: 0, bind: ['console:b'] });
    const read = await bot.loadForTurn('console:b');
    await tool.save({ app: { ...app, flow: 'renew' }, expectedVersion: 1 });
    const r = await bot.save({
      app: { ...read.stored!.app, lang: 'en' },
      expectedVersion: read.stored!.version,
      eventId: `${app.id}-late`,
      audit: audit('late'),
    });
    expect(r.status).toBe('conflict');
    if (r.status === 'conflict')
      expect(r.current).toMatchObject({ version: 2, app: { flow: 'renew', lang: 'ja' } });
    expect(await bot.isProcessed(`${app.id}-late`)).toBe(false);
    expect(await bot.audit(app.id)).toEqual([]);
  });

  it("follows the command's bindings and shown questions", async () => {
    const { bot, tool } = pair();
    const first = sampleApp();
    const second = sampleApp();
    await bot.save({ app: first, expectedVersion: 0, bind: ['slack:T1:C1:1.0'] });
    expect((await bot.loadForTurn('slack:T1:C1:1.0')).applicationId).toBe(first.id);
    await tool.save({
      app: second,
      expectedVersion: 0,
      bind: ['slack:T1:C1:1.0'],
      shown: { conversation: 'slack:T1:C1:1.0', question: 'check.duns' },
    });
    const read = await bot.loadForTurn('slack:T1:C1:1.0');
    expect(read).toMatchObject({ applicationId: second.id, stored: { version: 1 }, shown: 'check.duns' });
    expect(await bot.conversations(first.id)).toEqual([]);
  });
});

describe('the SQLite store cache on its own connection', () => {
  it('a row changed behind the cache loses the compare-and-set: re-read, nothing of the save written', async () => {
    const store = new SqliteApplicationStore({ path: fresh(), keys });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0, bind: ['console:c'] });
    const read = await store.loadForTurn('console:c');
    // The same connection (no data_version change): only the UPDATE's `version = ?` can tell.
    store.database.prepare('UPDATE apps SET version = 7 WHERE id = ?').run(app.id);
    const r = await store.save({
      app: read.stored!.app,
      expectedVersion: 1,
      eventId: `${app.id}-behind`,
      audit: audit('behind'),
    });
    expect(r.status).toBe('conflict');
    if (r.status === 'conflict') expect(r.current?.version).toBe(7);
    expect(await store.isProcessed(`${app.id}-behind`)).toBe(false);
    expect(await store.audit(app.id)).toEqual([]);
    expect((await store.save({ app, expectedVersion: 7 })).status).toBe('saved');
    await store.close();
  });

  it('a save that fails in its transaction leaves nothing cached that the file does not hold', async () => {
    const store = new SqliteApplicationStore({ path: fresh(), keys });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0, bind: ['console:d'] });
    // The last statement of the save fails: after its binding and shown question were written (and cached).
    store.database.exec(
      "CREATE TEMP TRIGGER no_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'no outbox'); END",
    );
    await expect(
      store.save({
        app: { ...app, lang: 'en' },
        expectedVersion: 1,
        eventId: `${app.id}-failed`,
        audit: audit('x'),
        bind: ['console:failed'],
        shown: { conversation: 'console:d', question: 'check.duns' },
        outbox: [{ conversation: 'console:d', replies: [{ type: 'text', text: 'x' }], lang: 'ja' }],
      }),
    ).rejects.toThrow(/no outbox/);
    store.database.exec('DROP TRIGGER no_outbox');
    const read = await store.loadForTurn('console:d');
    expect(read.stored).toEqual({ app, version: 1 });
    expect(read.shown).toBeUndefined();
    expect(await store.audit(app.id)).toEqual([]);
    expect(await store.resolve('console:failed')).toBeNull();
    expect(await store.isProcessed(`${app.id}-failed`)).toBe(false);
    expect((await store.save({ app, expectedVersion: 1, eventId: `${app.id}-failed` })).status).toBe('saved');
    await store.close();
  });

  it('answers a repeated event from a warm read with `duplicate` at the save, writing nothing', async () => {
    const store = new SqliteApplicationStore({ path: fresh(), keys });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0, bind: ['console:e'] });
    const first = await store.loadForTurn('console:e', 'ev-1');
    await store.save({ app, expectedVersion: first.stored!.version, eventId: 'ev-1', audit: audit('1') });
    const again = await store.loadForTurn('console:e', 'ev-1');
    const r = await store.save({
      app: { ...app, lang: 'en' },
      expectedVersion: again.stored!.version,
      eventId: 'ev-1',
      audit: audit('2'),
    });
    expect(r).toEqual({ status: 'duplicate' });
    expect((await store.load(app.id))?.version).toBe(2);
    expect((await store.audit(app.id)).map((e) => e.at)).toEqual(['1']);
    await store.close();
  });

  it('re-seals the personal part when it changes and files the application under its new terms', async () => {
    const path = fresh();
    const store = new SqliteApplicationStore({ path, keys });
    const app = sampleApp({ members: [{ channel: 'email', id: 'a@example.jp' }] });
    await store.save({ app, expectedVersion: 0, bind: ['console:f'] });
    const sealed = () =>
      (store.database.prepare('SELECT blob FROM apps WHERE id = ?').get(app.id) as { blob: string }).blob;
    const before = sealed();
    // Step state only: the stored envelope stays as it is.
    await store.save({ app: { ...app, answers: { n: '1' } }, expectedVersion: 1 });
    expect(sealed()).toBe(before);
    const moved = {
      ...app,
      answers: { n: '1' },
      members: [{ channel: 'email' as const, id: 'b@example.jp' }],
    };
    await store.save({ app: moved, expectedVersion: 2 });
    expect(sealed()).not.toBe(before);
    expect(await store.list({ member: 'email:a@example.jp' })).toEqual([]);
    expect((await store.list({ member: 'email:b@example.jp' })).map((s) => s.version)).toEqual([3]);
    await store.close();
    // What the cache held is what the file holds: a new process reads the same.
    const reopened = new SqliteApplicationStore({ path, keys });
    expect(await reopened.load(app.id)).toEqual({ app: moved, version: 3 });
    await reopened.close();
  });
});
