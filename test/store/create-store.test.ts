import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { describeTarget } from '../../src/store/redis-connection.js';
import { RedisApplicationStore } from '../../src/store/redis-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { captureLogs, freshPrefix, RETENTION } from './redis-helpers.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

describe('createStore', () => {
  it('uses the embedded memory store with STORE=memory and says so', async () => {
    const { logger, lines } = captureLogs();
    const store = await createStore(readConfig({ STORE: 'memory' }), logger);
    expect(store).toBeInstanceOf(MemoryApplicationStore);
    expect(lines.some((l) => String(l.msg).includes('embedded in-memory store'))).toBe(true);
  });

  it('uses Redis when REDIS_URL is set, and says where', async () => {
    const { logger, lines } = captureLogs();
    const env = { REDIS_URL: server.url, DATA_KEYS: 'dev', NODE_ENV: 'test', REDIS_PREFIX: freshPrefix() };
    const store = await createStore(readConfig(env), logger);
    expect(store).toBeInstanceOf(RedisApplicationStore);
    expect(lines.find((l) => l.msg === 'using the Redis store')).toMatchObject({
      target: `redis://127.0.0.1:${server.port}`,
      kid: 'dev',
    });
    await store.close();
  });

  it('names a Redis target in logs without its password', () => {
    const settings = { url: 'rediss://user:s3cret@cache.internal:6380/2', prefix: 'x', retention: RETENTION };
    expect(describeTarget(settings)).toBe('rediss://cache.internal:6380/2');
  });
});
