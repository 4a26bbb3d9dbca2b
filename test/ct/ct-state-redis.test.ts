import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCtState, RedisCtState } from '../../src/ct/ct-state.js';
import { useRedisServer } from '../support/redis-server.js';

const server = useRedisServer();
const clients: Redis[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

function redisState(prefix: string) {
  const redis = new Redis(server.url);
  clients.push(redis);
  return new RedisCtState(redis, prefix);
}

describe.each([
  ['memory', () => new MemoryCtState()],
  ['redis', () => redisState(`t${randomBytes(4).toString('hex')}:`)],
])('CtState (%s)', (_name, make) => {
  it('keeps the cursor per domain; a domain is polled once marked, with or without a cursor', async () => {
    const s = make();
    expect(await s.polled('example.co.jp')).toBe(false);
    expect(await s.cursor('example.co.jp')).toBeUndefined();
    await s.markPolled('example.co.jp');
    expect(await s.polled('example.co.jp')).toBe(true);
    expect(await s.cursor('example.co.jp')).toBeUndefined();
    await s.setCursor('example.co.jp', '1005');
    await s.markPolled('example.co.jp');
    expect(await s.cursor('example.co.jp')).toBe('1005');
    expect(await s.polled('other.jp')).toBe(false);
  });

  it('claims an alert once', async () => {
    const s = make();
    expect(await s.claimAlert('abc')).toBe(true);
    expect(await s.claimAlert('abc')).toBe(false);
    expect(await s.claimAlert('abd')).toBe(true);
  });
});

describe('RedisCtState across instances', () => {
  it('two instances on one Redis: one claim wins, the cursor is shared', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}:`;
    const a = redisState(prefix);
    const b = redisState(prefix);
    const claims = await Promise.all([
      a.claimAlert('k'),
      b.claimAlert('k'),
      a.claimAlert('k'),
      b.claimAlert('k'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a.setCursor('naniwa.jp', '42');
    expect(await b.cursor('naniwa.jp')).toBe('42');
  });
});
