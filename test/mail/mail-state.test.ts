import { Redis } from 'ioredis';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { RedisMailState } from '../../src/mail/redis-mail-state.js';
import { useRedisServer } from '../support/redis-server.js';
import { mailStateContract } from './state-contract.js';

const redis = useRedisServer();
let n = 0;

mailStateContract('memory', async () => new MemoryMailState());
// A fresh key prefix per test on the file's own server, as the application store's Redis tests do.
mailStateContract('redis', async () => new RedisMailState(new Redis(redis.url), `evssl-test:${++n}:`));
