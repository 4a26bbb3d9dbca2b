import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/flow/state.js';
import { countCommands } from '../../src/store/redis-connection.js';
import { digest } from '../../src/store/redis-keys.js';
import type { RedisApplicationStore } from '../../src/store/redis-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { csrFor, sampleApp } from './contract.js';
import { DAY, redisStore } from './redis-helpers.js';

/** The host-name and order-number part of `list`'s index on Redis (the contract covers what it lists). */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

const HOST = 'shop.kabushiki-example.co.jp';
const ORDER = '24681357';

const appKey = (store: RedisApplicationStore, app: Application) => `${store.prefix}{${app.id}}:app`;

async function filedIn(store: RedisApplicationStore, app: Application): Promise<string[]> {
  const m = await store.client.hget(appKey(store, app), 'm');
  return (m ?? '').split(' ').filter((e) => e !== '');
}

const ids = (listed: Array<{ app: Application }>) => listed.map((s) => s.app.id).sort();

/**
 * What the previous release left: `m` and index sets of members and workspaces only, its marker set,
 * no host or order sets, no marker of them.
 */
async function filedByPreviousRelease(store: RedisApplicationStore, apps: Application[]): Promise<void> {
  for (const app of apps) {
    const entries = await filedIn(store, app);
    const old = entries.filter((e) => e.startsWith('member:') || e.startsWith('ws:'));
    await store.client.hset(appKey(store, app), 'm', old.join(' '));
    for (const e of entries) if (!old.includes(e)) await store.client.del(`${store.prefix}${e}`);
  }
  await store.client.set(`${store.prefix}index:v1`, '0', 'PX', DAY);
  await store.client.del(`${store.prefix}index:v2`);
}

describe('RedisApplicationStore list index: host names and order numbers', () => {
  it('names their sets by keyed tokens: no host name or order number in any key or in `m`', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ csr: csrFor(`www.${HOST}`, [`www.${HOST}`]), ca: { orderNumber: ORDER } });
    await store.save({ app, expectedVersion: 0 });
    expect(ids(await store.list({ hostName: HOST }))).toEqual([app.id]);
    const keys = await store.client.keys(`${store.prefix}*`);
    const m = (await store.client.hget(appKey(store, app), 'm'))!;
    expect(keys.filter((k) => k.includes(':host:'))).toHaveLength(1); // www. and bare: one name
    expect(keys.filter((k) => k.includes(':order:'))).toHaveLength(1);
    for (const text of [...keys, m]) {
      for (const plain of [HOST, 'kabushiki', ORDER, digest(`host|${HOST}`), digest(`order|${ORDER}`)]) {
        expect(text.includes(plain), `${text} holds ${plain}`).toBe(false);
      }
    }
    await store.close();
  });

  it('sends the entry list, not `=`, on a write that changes only the order number or the CSR', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({ csr: csrFor(HOST, [HOST]) });
    const monitor = await new Redis(server.url).monitor();
    const evals: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^eval(sha)?$/i.test(args[0] ?? '') && args[3] === appKey(store, app)) evals.push(args);
    });
    await store.save({ app, expectedVersion: 0 });
    await store.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
    await store.save({ app: { ...app, ca: { orderNumber: ORDER } }, expectedVersion: 2 });
    const moved = { ...app, csr: csrFor(`new.${HOST}`, [`new.${HOST}`]), ca: { orderNumber: ORDER } };
    await store.save({ app: moved, expectedVersion: 3 });
    await store.save({ app: { ...moved, answers: { start: 'done' } }, expectedVersion: 4 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.disconnect();
    // ARGV 8 (after the script or its sha, numkeys and 4 keys).
    const sent = evals.map((a) => a[2 + 4 + 8]!);
    expect(sent.map((s) => (s === '=' ? '=' : 'list'))).toEqual(['list', '=', 'list', 'list', '=']);
    expect(sent[2]!.split(' ').filter((e) => e.startsWith('order:'))).toHaveLength(1);
    expect(sent[3]).not.toEqual(sent[2]);
    expect(await store.list({ hostName: HOST })).toEqual([]);
    expect(ids(await store.list({ hostName: `new.${HOST}` }))).toEqual([app.id]);
    expect(ids(await store.list({ orderNumber: ORDER }))).toEqual([app.id]);
    await store.close();
  });

  it('lists by host name or order number reading only the applications filed there', async () => {
    const writer = await redisStore(server.url);
    const mine = sampleApp({ csr: csrFor(HOST, [HOST]), ca: { orderNumber: ORDER } });
    await writer.save({ app: mine, expectedVersion: 0 });
    for (let i = 0; i < 30; i++) {
      const host = `n${i}.example.jp`;
      const app = sampleApp({ csr: csrFor(host, [host]), ca: { orderNumber: `1${i}` } });
      await writer.save({ app, expectedVersion: 0 });
    }
    await writer.list({ orderNumber: ORDER }); // the first list of a process checks the markers
    const reader = await redisStore(server.url, { prefix: writer.prefix });
    await reader.list({ orderNumber: ORDER });
    const count = countCommands(reader.client);
    expect(ids(await reader.list({ orderNumber: ORDER, status: 'active' }))).toEqual([mine.id]);
    expect(count()).toBe(2); // ZRANGE, then HMGET of the one application
    expect(ids(await reader.list({ hostName: `www.${HOST}` }))).toEqual([mine.id]);
    expect(count()).toBe(4);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('files again the applications filed before host names and order numbers (the previous release)', async () => {
    const before = await redisStore(server.url);
    const member = { channel: 'email' as const, id: 'ops@example.jp' };
    const withCsr = sampleApp({ members: [member], csr: csrFor(HOST, [HOST]), ca: { orderNumber: ORDER } });
    const withoutCsr = sampleApp({ members: [member] });
    const unindexed = sampleApp({ csr: csrFor(`u.${HOST}`, [`u.${HOST}`]) });
    for (const app of [withCsr, withoutCsr, unindexed]) await before.save({ app, expectedVersion: 0 });
    const right = await filedIn(before, withCsr);
    const plain = (await before.client.hget(appKey(before, withoutCsr), 'm'))!;
    await filedByPreviousRelease(before, [withCsr, withoutCsr]);
    // One saved before any index: no `m`, and the marker of that says it was done (left to its own pass).
    await before.client.hdel(appKey(before, unindexed), 'm');
    await before.close();

    const upgraded = await redisStore(server.url, { prefix: before.prefix });
    const count = countCommands(upgraded.client);
    expect(ids(await upgraded.list({ hostName: HOST }))).toEqual([withCsr.id]);
    expect(await filedIn(upgraded, withCsr)).toEqual(right);
    expect(ids(await upgraded.list({ orderNumber: ORDER }))).toEqual([withCsr.id]);
    // Nothing of the new kinds to file: left as it was (decrypted, not written).
    expect(await upgraded.client.hget(appKey(upgraded, withoutCsr), 'm')).toBe(plain);
    expect(await upgraded.client.hexists(appKey(upgraded, unindexed), 'm')).toBe(0);
    expect(await upgraded.client.exists(`${upgraded.prefix}index:v2`)).toBe(1);
    // Member lists are as they were; and the next process finds the markers and scans nothing.
    expect(ids(await upgraded.list({ member: `email:${member.id}` }))).toEqual(
      [withCsr.id, withoutCsr.id].sort(),
    );
    const used = count();
    const next = await redisStore(server.url, { prefix: upgraded.prefix });
    const nextCount = countCommands(next.client);
    expect(ids(await next.list({ hostName: HOST }))).toEqual([withCsr.id]);
    expect(nextCount()).toBe(4); // EXISTS of the two markers, ZRANGE, HMGET
    expect(used).toBeGreaterThan(4);
    await Promise.all([upgraded.close(), next.close()]);
  });

  it('with neither marker, files both kinds of gap in one pass', async () => {
    const before = await redisStore(server.url);
    const old = sampleApp({ csr: csrFor(HOST, [HOST]), ca: { orderNumber: ORDER } });
    const previous = sampleApp({ csr: csrFor(`p.${HOST}`, [`p.${HOST}`]) });
    await before.save({ app: old, expectedVersion: 0 });
    await before.save({ app: previous, expectedVersion: 0 });
    const right = await filedIn(before, old);
    await filedByPreviousRelease(before, [previous]);
    await before.client.hdel(appKey(before, old), 'm');
    for (const e of right) await before.client.del(`${before.prefix}${e}`);
    await before.client.del(`${before.prefix}index:v1`);
    await before.close();

    const upgraded = await redisStore(server.url, { prefix: before.prefix });
    expect(ids(await upgraded.list({ orderNumber: ORDER }))).toEqual([old.id]);
    expect(ids(await upgraded.list({ hostName: `p.${HOST}` }))).toEqual([previous.id]);
    expect(await filedIn(upgraded, old)).toEqual(right);
    for (const marker of ['index:v1', 'index:v2'])
      expect(await upgraded.client.exists(`${upgraded.prefix}${marker}`)).toBe(1);
    await upgraded.close();
  });
});
