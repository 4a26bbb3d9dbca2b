import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCtState, RedisCtState } from '../../src/ct/ct-state.js';
import { useRedisServer } from '../support/redis-server.js';
import { ctStateContract } from './ct-state-contract.js';

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

ctStateContract('memory', () => new MemoryCtState());
ctStateContract('redis', () => redisState(`t${randomBytes(4).toString('hex')}:`));

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
