import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { RedisMailState } from '../../src/mail/redis-mail-state.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { mailStateContract } from './state-contract.js';

let redis: RedisServer;
let n = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

mailStateContract('memory', async () => new MemoryMailState());
// A fresh key prefix per test on the file's own server, as the application store's Redis tests do.
mailStateContract('redis', async () => new RedisMailState(new Redis(redis.url), `evssl-test:${++n}:`));
