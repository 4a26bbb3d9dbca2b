import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/flow/state.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { countCommands } from '../../src/store/redis-connection.js';
import { digest } from '../../src/store/redis-keys.js';
import { INDEX_ADD_SCRIPT, INDEX_DROP_SCRIPT, INDEX_MARK_SCRIPT } from '../../src/store/redis-scripts.js';
import type { RedisApplicationStore } from '../../src/store/redis-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { sampleApp } from './contract.js';
import { DAY, expireApp, freshPrefix, KEY_A, KEY_B, redisStore } from './redis-helpers.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

const EMAIL = 'hanako.suzuki@example.jp';

async function keysOf(store: RedisApplicationStore, pattern = '*'): Promise<string[]> {
  return store.client.keys(`${store.prefix}${pattern}`);
}

/** The index sets an application is filed in, by the `m` field of its hash. */
async function filedIn(store: RedisApplicationStore, app: Application): Promise<string[]> {
  const m = await store.client.hget(`${store.prefix}{${app.id}}:app`, 'm');
  return (m ?? '').split(' ').filter((e) => e !== '');
}

/** What the store held before it kept an index: no `m`, no index sets, no marker. */
async function makeLegacy(store: RedisApplicationStore, apps: Application[]): Promise<void> {
  for (const app of apps) await store.client.hdel(`${store.prefix}{${app.id}}:app`, 'm');
  const index = [...(await keysOf(store, 'member:*')), ...(await keysOf(store, 'ws:*'))];
  if (index.length > 0) await store.client.del(...index);
  await store.client.del(`${store.prefix}index:v1`);
}

const ids = (listed: Array<{ app: Application }>) => listed.map((s) => s.app.id).sort();

describe('RedisApplicationStore list index', () => {
  it('names index sets by keyed tokens: no address, Slack id or plain hash of one in any key or in `m`', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({
      members: [
        { channel: 'slack', id: 'TPRIV1:UPRIV1' },
        { channel: 'email', id: EMAIL },
      ],
    });
    await store.save({ app, expectedVersion: 0 });
    expect(ids(await store.list({ member: `email:${EMAIL}` }))).toEqual([app.id]);
    const keys = await keysOf(store);
    const m = (await store.client.hget(`${store.prefix}{${app.id}}:app`, 'm'))!;
    expect(keys.filter((k) => k.includes(':member:'))).toHaveLength(2);
    expect(keys.filter((k) => k.includes(':ws:'))).toHaveLength(1);
    for (const text of [...keys, m]) {
      for (const secret of [EMAIL, 'hanako', 'example.jp', 'TPRIV1', 'UPRIV1']) {
        expect(text.includes(secret), `${text} holds ${secret}`).toBe(false);
      }
      // Not the unkeyed digest either: anyone could hash a list of addresses and compare.
      for (const plain of [`email:${EMAIL}`, `member|email:${EMAIL}`, 'ws|TPRIV1', 'TPRIV1']) {
        expect(text.includes(digest(plain))).toBe(false);
      }
    }
    expect(m.split(' ').sort()).toEqual(
      keys
        .filter((k) => /:(member|ws):/.test(k))
        .map((k) => k.slice(store.prefix.length))
        .sort(),
    );
    await store.close();
  });

  it('lists a member by its index: two round trips, only its own applications read and decrypted', async () => {
    const writer = await redisStore(server.url);
    const mine = sampleApp({ members: [{ channel: 'slack', id: 'TIDX:UME' }] });
    await writer.save({ app: mine, expectedVersion: 0 });
    for (let i = 0; i < 30; i++) {
      await writer.save({
        app: sampleApp({ members: [{ channel: 'slack', id: `TIDX:U${i}` }] }),
        expectedVersion: 0,
      });
    }
    await writer.list({ member: 'slack:TIDX:UME' }); // the first list of a process checks the marker
    const reader = await redisStore(server.url, { prefix: writer.prefix });
    const count = countCommands(reader.client);
    expect(ids(await reader.list({ member: 'slack:TIDX:UME' }))).toEqual([mine.id]);
    let before = count();
    expect(ids(await reader.list({ member: 'slack:TIDX:UME' }))).toEqual([mine.id]);
    expect(count() - before).toBe(2); // ZRANGE, then HMGET of the one application
    before = count();
    expect(await reader.list({ workspace: 'TIDX' })).toHaveLength(31);
    expect(count() - before).toBe(32);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('leaves the index alone on writes that keep the members: `=` is sent, the set is not touched', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ members: [{ channel: 'email', id: EMAIL }] });
    const monitor = await new Redis(server.url).monitor();
    const evals: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^eval(sha)?$/i.test(args[0] ?? '') && args[3] === `${store.prefix}{${app.id}}:app`)
        evals.push(args);
    });
    await store.save({ app, expectedVersion: 0 });
    const [entry] = await filedIn(store, app);
    await store.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
    await store.save({ app: { ...app, answers: { start: 'done' } }, expectedVersion: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.disconnect();
    // ARGV 8 (after the script or its sha, numkeys and 4 keys): the list on the first write, then '='
    // once this process knows what `m` holds.
    expect(evals.map((a) => a[2 + 4 + 8])).toEqual([entry, '=', '=']);
    expect(await store.client.zscore(`${store.prefix}${entry}`, app.id)).toBe('1');
    expect(ids(await store.list({ member: `email:${EMAIL}` }))).toEqual([app.id]);
    await store.close();
  });

  it('takes an expired application out of the index sets when a list finds it gone', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ members: [{ channel: 'slack', id: 'TEXP:U1' }] });
    await store.save({ app, expectedVersion: 0 });
    const sets = (await filedIn(store, app)).map((e) => `${store.prefix}${e}`);
    await expireApp(store, app.id);
    expect(await store.list({ member: 'slack:TEXP:U1' })).toEqual([]);
    expect(await store.list({ workspace: 'TEXP' })).toEqual([]); // each list cleans the set it read
    for (const set of sets) expect(await store.client.zscore(set, app.id)).toBeNull();
    await store.close();
  });

  it('makes index sets outlive their applications: extended with the application’s expiry', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ members: [{ channel: 'slack', id: 'TTL:U1' }] });
    await store.save({ app, expectedVersion: 0 });
    const [memberSet] = (await filedIn(store, app)).map((e) => `${store.prefix}${e}`);
    expect(await store.client.pttl(memberSet!)).toBeGreaterThan(180 * DAY);
    await store.save({ app: { ...app, status: 'issued' }, expectedVersion: 1 }); // kept 450 days
    expect(await store.client.pttl(memberSet!)).toBeGreaterThan(450 * DAY);
    await store.save({ app: { ...app, status: 'cancelled' }, expectedVersion: 2 }); // 30: the set stays longer
    expect(await store.client.pttl(memberSet!)).toBeGreaterThan(449 * DAY);
    await store.close();
  });

  it('files applications saved before the index (no `m`) on the first list by member of a process', async () => {
    const old = await redisStore(server.url);
    const one = sampleApp({ members: [{ channel: 'slack', id: 'TOLD:U1' }] });
    const two = sampleApp({ members: [{ channel: 'slack', id: 'TOLD:U2' }], status: 'cancelled' });
    await old.save({ app: one, expectedVersion: 0 });
    await old.save({ app: two, expectedVersion: 0 });
    await makeLegacy(old, [one, two]);
    expect(await filedIn(old, one)).toEqual([]);
    await old.close();

    const upgraded = await redisStore(server.url, { prefix: old.prefix });
    expect(ids(await upgraded.list({ member: 'slack:TOLD:U1' }))).toEqual([one.id]);
    expect(ids(await upgraded.list({ workspace: 'TOLD' }))).toEqual([one.id, two.id].sort());
    expect(await filedIn(upgraded, one)).toHaveLength(2);
    expect(await upgraded.client.exists(`${upgraded.prefix}index:v1`)).toBe(1);
    // Filed where a save would have: the next write finds `m` as it would compute it, and moves nothing.
    const m = await filedIn(upgraded, two);
    await upgraded.save({ app: { ...two, lang: 'en' }, expectedVersion: 1 });
    expect(await filedIn(upgraded, two)).toEqual(m);
    await upgraded.close();
  });

  it('files an application without `m` on its next write too (written by a process of the previous release)', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ members: [{ channel: 'email', id: EMAIL }] });
    await store.save({ app, expectedVersion: 0 });
    await store.list({ member: `email:${EMAIL}` }); // the marker is set: no backfill for a day
    await makeLegacy(store, [app]);
    await store.client.set(`${store.prefix}index:v1`, '0', 'PX', DAY);
    const cold = await redisStore(server.url, { prefix: store.prefix });
    expect(await cold.list({ member: `email:${EMAIL}` })).toEqual([]);
    await cold.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
    expect(ids(await cold.list({ member: `email:${EMAIL}` }))).toEqual([app.id]);
    await Promise.all([store.close(), cold.close()]);
  });

  it('finds applications filed under the previous data key after a rotation, and moves them on write', async () => {
    const prefix = freshPrefix();
    const before = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_A]) });
    const app = sampleApp({ members: [{ channel: 'email', id: EMAIL }] });
    await before.save({ app, expectedVersion: 0 });
    const oldEntries = await filedIn(before, app);
    const rotated = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_B, KEY_A]) });
    expect(ids(await rotated.list({ member: `email:${EMAIL}` }))).toEqual([app.id]);
    await rotated.save({ app, expectedVersion: 1 });
    const newEntries = await filedIn(rotated, app);
    expect(newEntries).not.toEqual(oldEntries);
    for (const e of oldEntries) expect(await rotated.client.zscore(`${prefix}${e}`, app.id)).toBeNull();
    const only = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_B]) });
    expect(ids(await only.list({ member: `email:${EMAIL}` }))).toEqual([app.id]);
    await Promise.all([before.close(), rotated.close(), only.close()]);
  });

  it('keeps the index right when another instance changes the members of an application it cached', async () => {
    const a = await redisStore(server.url);
    const b = await redisStore(server.url, { prefix: a.prefix });
    const app = sampleApp({ members: [{ channel: 'slack', id: 'TTWO:U1' }] });
    await a.save({ app, expectedVersion: 0 });
    const withMate = { ...app, members: [...app.members, { channel: 'slack' as const, id: 'TTWO:U2' }] };
    await b.save({ app: withMate, expectedVersion: 1 });
    const r = await a.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 }); // a's cache is stale
    expect(r.status).toBe('conflict');
    await a.save({ app: { ...withMate, members: withMate.members.slice(1) }, expectedVersion: 2 });
    expect(await b.list({ member: 'slack:TTWO:U1' })).toEqual([]);
    expect(ids(await b.list({ member: 'slack:TTWO:U2' }))).toEqual([app.id]);
    await Promise.all([a.close(), b.close()]);
  });

  it('orders filings done outside the save script by version, whatever order they arrive in', async () => {
    const store = await redisStore(server.url);
    const set = `${store.prefix}member:ORDER`;
    const add = (v: number) => store.client.eval(INDEX_ADD_SCRIPT, 1, set, 'APP1', v, 10 * DAY);
    const drop = (v: number) => store.client.eval(INDEX_DROP_SCRIPT, 1, set, 'APP1', v);
    // Version 3 filed the member again after version 2 removed it: 2's late drop leaves it.
    await add(3);
    expect(await drop(2)).toBe(0);
    await add(2); // a late filing does not lower the score
    expect(await store.client.zscore(set, 'APP1')).toBe('3');
    expect(await store.client.pttl(set)).toBeGreaterThan(9 * DAY);
    expect(await drop(4)).toBe(1);
    expect(await store.client.exists(set)).toBe(0);
    // `m` is recorded only over what the filer saw, at its version.
    const app = `${store.prefix}{APP1}:app`;
    await store.client.hset(app, 'v', '2', 'm', '?member:A');
    expect(await store.client.eval(INDEX_MARK_SCRIPT, 1, app, 1, '?member:A', 'member:A')).toBe(0);
    expect(await store.client.eval(INDEX_MARK_SCRIPT, 1, app, 2, '!', 'member:A')).toBe(0);
    expect(await store.client.eval(INDEX_MARK_SCRIPT, 1, app, 2, '?member:A', 'member:A')).toBe(1);
    expect(await store.client.hget(app, 'm')).toBe('member:A');
    await store.close();
  });
});
