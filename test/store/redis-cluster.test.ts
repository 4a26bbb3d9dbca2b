import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisMailState } from '../../src/mail/redis-mail-state.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { createRedisClient } from '../../src/store/redis-connection.js';
import { RedisApplicationStore } from '../../src/store/redis-store.js';
import { mailStateContract } from '../mail/state-contract.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import { expireApp, freshPrefix, KEY_A, RETENTION } from './redis-helpers.js';
import { turnStoreContract } from './turn-contract.js';

/**
 * A one-node Redis Cluster owning all 16384 slots: small, but it enforces what a real Cluster does
 * (a script or multi-key command touching two slots fails with CROSSSLOT), through ioredis's Cluster.
 */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis({
    args: [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-announce-ip',
      '127.0.0.1',
    ],
  });
  const admin = new Redis(server.url);
  await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  for (let i = 0; i < 200; i++) {
    if (String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  admin.disconnect();
});
afterAll(async () => {
  await server?.stop();
});

async function clusterStore(): Promise<RedisApplicationStore> {
  const settings = {
    url: 'redis://127.0.0.1',
    clusterNodes: [{ host: '127.0.0.1', port: server.port }],
    prefix: freshPrefix(),
    retention: RETENTION,
  };
  const client = createRedisClient(settings);
  client.on('error', () => {});
  await client.connect();
  return new RedisApplicationStore({
    client,
    keys: new DataKeys([KEY_A]),
    prefix: settings.prefix,
    retention: RETENTION,
  });
}

applicationStoreContract('redis cluster', clusterStore, { expire: expireApp });
turnStoreContract('redis cluster', clusterStore, (store) => redisOf(store, store.prefix));
// The mail state on the same Cluster: its two-key Lua update must keep to one slot (the `{mail}` tag).
mailStateContract('redis cluster', async () => {
  const client = createRedisClient({
    url: 'redis://127.0.0.1',
    clusterNodes: [{ host: '127.0.0.1', port: server.port }],
    prefix: freshPrefix(),
    retention: RETENTION,
  });
  client.on('error', () => {});
  await client.connect();
  return new RedisMailState(client, freshPrefix());
});

/** Another store on `store`'s connection reading `prefix` (a second process on the same data). */
async function redisOf(store: RedisApplicationStore, prefix: string): Promise<RedisApplicationStore> {
  return new RedisApplicationStore({
    client: store.client,
    keys: new DataKeys([KEY_A]),
    prefix,
    retention: RETENTION,
  });
}

describe('RedisApplicationStore in a Cluster', () => {
  it('is a Cluster client and keeps every key of an application in its one slot', async () => {
    const store = await clusterStore();
    expect(store.client).toBeInstanceOf(Cluster);
    const app = sampleApp();
    await store.save({
      app,
      expectedVersion: 0,
      eventId: 'e1',
      audit: { at: 'a', actor: 'console:me', changed: [] },
      bind: ['c1'],
    });
    const slots = await Promise.all(
      ['app', 'audit'].map((k) => store.client.call('CLUSTER', 'KEYSLOT', `${store.prefix}{${app.id}}:${k}`)),
    );
    expect(new Set(slots).size).toBe(1);
    expect((await store.loadForTurn('c1', 'e1')).duplicate).toBe(false); // cached: save answers it
    await store.close();
  });

  const appKey = (store: RedisApplicationStore, id: string) => `${store.prefix}{${id}}:app`;
  const ids = (listed: Array<{ app: { id: string } }>) => listed.map((s) => s.app.id).sort();

  it('files the list index just after the commit (other slots), moves it when members change', async () => {
    const store = await clusterStore();
    const app = sampleApp({ members: [{ channel: 'slack', id: 'TCL:U1' }] });
    await store.save({ app, expectedVersion: 0 });
    const m = (await store.client.hget(appKey(store, app.id), 'm'))!;
    expect(m).not.toMatch(/^\?/); // filed, not left pending
    const [memberEntry] = m.split(' ').filter((e) => e.startsWith('member:'));
    expect(await store.client.zscore(`${store.prefix}${memberEntry}`, app.id)).toBe('1');
    expect(ids(await store.list({ member: 'slack:TCL:U1' }))).toEqual([app.id]);
    const moved = { ...app, members: [{ channel: 'slack' as const, id: 'TCL:U2' }] };
    await store.save({ app: moved, expectedVersion: 1 });
    expect(await store.client.zscore(`${store.prefix}${memberEntry}`, app.id)).toBeNull();
    expect(await store.list({ member: 'slack:TCL:U1' })).toEqual([]);
    expect(ids(await store.list({ member: 'slack:TCL:U2' }))).toEqual([app.id]);
    expect(ids(await store.list({ workspace: 'TCL' }))).toEqual([app.id]);
    await store.close();
  });

  it('files again on the next write when a filing was interrupted (`m` left pending)', async () => {
    const store = await clusterStore();
    const app = sampleApp({ members: [{ channel: 'email', id: 'cl@example.jp' }] });
    await store.save({ app, expectedVersion: 0 });
    await store.list({ member: 'email:cl@example.jp' }); // sets the marker: no backfill for a day
    const m = (await store.client.hget(appKey(store, app.id), 'm'))!;
    // As if the process died between the commit and the filing.
    await store.client.hset(appKey(store, app.id), 'm', `?${m}`);
    for (const e of m.split(' ')) await store.client.zrem(`${store.prefix}${e}`, app.id);
    expect(await store.list({ member: 'email:cl@example.jp' })).toEqual([]);
    const next = await redisOf(await clusterStore(), store.prefix);
    await next.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
    expect(await store.client.hget(appKey(store, app.id), 'm')).toBe(m);
    expect(ids(await store.list({ member: 'email:cl@example.jp' }))).toEqual([app.id]);
    await Promise.all([store.close(), next.close()]);
  });

  it('files applications saved before the index on the first list of a process (SCAN of every master)', async () => {
    const store = await clusterStore();
    const app = sampleApp({ members: [{ channel: 'slack', id: 'TCLOLD:U1' }] });
    await store.save({ app, expectedVersion: 0 });
    const m = (await store.client.hget(appKey(store, app.id), 'm'))!;
    await store.client.hdel(appKey(store, app.id), 'm');
    for (const e of m.split(' ')) await store.client.del(`${store.prefix}${e}`);
    const upgraded = await redisOf(await clusterStore(), store.prefix);
    expect(ids(await upgraded.list({ workspace: 'TCLOLD' }))).toEqual([app.id]);
    expect(await store.client.hget(appKey(store, app.id), 'm')).toBe(m);
    await Promise.all([store.close(), upgraded.close()]);
  });
});
