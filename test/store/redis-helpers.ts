import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { RetentionSettings } from '../../src/config/redis.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { createRedisClient, type RedisClient } from '../../src/store/redis-connection.js';
import { RedisApplicationStore, type RedisStoreOptions } from '../../src/store/redis-store.js';

export const DAY = 24 * 3600 * 1000;
export const RETENTION: RetentionSettings = {
  cancelledMs: 30 * DAY,
  abandonedMs: 180 * DAY,
  issuedMs: 450 * DAY,
  issuedKeep: ['flow', 'lang', 'members', 'certificate', 'csr', 'fields.organizationName'],
};

export const KEY_A = { kid: 'a', key: Buffer.alloc(32, 1) };
export const KEY_B = { kid: 'b', key: Buffer.alloc(32, 2) };

/** A fresh random key prefix: each test has its own namespace on the test's own server. */
export function freshPrefix(): string {
  return `t${randomBytes(4).toString('hex')}:`;
}

export async function connect(
  url: string,
  options: { commandTimeoutMs?: number } = {},
): Promise<RedisClient> {
  const client = createRedisClient(
    { url, prefix: 'x', retention: RETENTION },
    {
      maxReconnectDelayMs: 100,
      ...options,
    },
  );
  client.on('error', () => {});
  await client.connect();
  return client;
}

export async function redisStore(
  url: string,
  overrides: Partial<RedisStoreOptions> & { commandTimeoutMs?: number } = {},
): Promise<RedisApplicationStore> {
  const { commandTimeoutMs, ...rest } = overrides;
  const client = overrides.client ?? (await connect(url, commandTimeoutMs ? { commandTimeoutMs } : {}));
  return new RedisApplicationStore({
    client,
    keys: new DataKeys([KEY_A]),
    prefix: freshPrefix(),
    retention: RETENTION,
    ...rest,
  });
}

/** Captures log lines (probot's test/utils style) so a test can assert on them. */
export function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** What the application's expiry does: its keys are gone (index sets and bindings stay, as they would). */
export async function expireApp(store: RedisApplicationStore, id: string): Promise<void> {
  const base = `${store.prefix}{${id}}:`;
  await store.client.del(`${base}app`, `${base}audit`, `${base}convs`);
}
