import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD = Buffer.alloc(32, 9).toString('base64');

function issues(env: Record<string, string>): string {
  try {
    readConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return expect.fail('should refuse the configuration');
}

describe('Redis configuration', () => {
  it('needs no key without REDIS_URL, and has defaults for prefix and retention', () => {
    const { redis } = readConfig({});
    expect(redis.url).toBeUndefined();
    expect(redis.dataKeys).toBeUndefined();
    expect(redis.prefix).toBe('evssl:');
    expect(redis.retention.cancelledMs).toBe(30 * 86_400_000);
    expect(redis.retention.issuedKeep).toContain('fields.organizationName');
  });

  it('refuses REDIS_URL without DATA_KEYS, naming the variable and how to make a key', () => {
    const message = issues({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(message).toMatch(/DATA_KEYS: required with REDIS_URL/);
    expect(message).toContain('openssl rand -base64 32');
  });

  it('reads rotated keys: the first encrypts, all are kept', () => {
    const { redis } = readConfig({ REDIS_URL: 'redis://h:6379', DATA_KEYS: `k2:${KEY},k1:${OLD}` });
    expect(redis.dataKeys?.map((k) => k.kid)).toEqual(['k2', 'k1']);
  });

  it('refuses a malformed or short key without echoing it', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const message = issues({ REDIS_URL: 'redis://h:6379', DATA_KEYS: `k1:${short}` });
    expect(message).toMatch(/DATA_KEYS: key k1 must be 32 bytes/);
    expect(message).not.toContain(short);
    expect(issues({ REDIS_URL: 'redis://h:6379', DATA_KEYS: KEY })).toMatch(/KID:BASE64KEY/);
  });

  it('allows the insecure dev key in development and test only', () => {
    expect(
      readConfig({ REDIS_URL: 'redis://h', DATA_KEYS: 'dev', NODE_ENV: 'test' }).redis.dataKeys,
    ).toHaveLength(1);
    expect(issues({ REDIS_URL: 'redis://h', DATA_KEYS: 'dev', NODE_ENV: 'production' })).toMatch(
      /refused in production/,
    );
  });

  it('reads Sentinel and Cluster topologies, not both', () => {
    const base = { REDIS_URL: 'redis://:pw@ignored:6379', DATA_KEYS: 'dev' };
    const s = readConfig({ ...base, REDIS_SENTINELS: 'a:26379, b:26380', REDIS_SENTINEL_NAME: 'm1' }).redis;
    expect(s.sentinels).toEqual([
      { host: 'a', port: 26379 },
      { host: 'b', port: 26380 },
    ]);
    expect(s.sentinelName).toBe('m1');
    const c = readConfig({ ...base, REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' }).redis;
    expect(c.clusterNodes).toHaveLength(2);
    expect(issues({ ...base, REDIS_CLUSTER_NODES: 'n1:7000', REDIS_SENTINELS: 'a:1' })).toMatch(
      /cannot be combined/,
    );
    expect(issues({ ...base, REDIS_CLUSTER_NODES: 'n1' })).toMatch(/REDIS_CLUSTER_NODES: .*HOST:PORT/);
  });

  it('refuses a prefix with braces (the store adds hash tags itself) and bad retention', () => {
    expect(issues({ REDIS_PREFIX: 'a{b}' })).toMatch(/REDIS_PREFIX/);
    expect(issues({ RETENTION_CANCELLED_DAYS: '-1' })).toMatch(/RETENTION_CANCELLED_DAYS/);
  });
});
