import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { createRedisClient } from '../../src/store/redis-connection.js';
import { RedisApplicationStore } from '../../src/store/redis-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import { freshPrefix, KEY_A, RETENTION } from './redis-helpers.js';

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

applicationStoreContract('redis cluster', clusterStore);

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
});
