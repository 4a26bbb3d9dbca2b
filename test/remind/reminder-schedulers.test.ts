import { randomBytes } from 'node:crypto';
import { createReminders } from '../../src/remind/create-reminders.js';
import type { ReminderScheduler } from '../../src/remind/scheduler.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { silentLogger } from './harness.js';
import { reminderSuite } from './reminder-suite.js';

// One suite, two adapters (the other: sqlite-reminder-schedulers.test.ts): the same behaviour from the Redis
// schedule on a real redis-server and from the embedded SQLite schedule on a real database file.
let redis: RedisServer;
reminderSuite('Redis', {
  setup: async () => {
    redis = await startRedis();
  },
  teardown: () => redis.stop(),
  fresh: () => `t${randomBytes(4).toString('hex')}:`,
  make: async (prefix, clock, { worker, notifier }) => {
    const r = createReminders({
      redisUrl: redis.url,
      prefix,
      store: new MemoryApplicationStore(),
      logger: silentLogger(),
      clock: clock.now,
      attempts: 3,
      backoffMs: 1,
      notifier,
    });
    if (worker) r.startWorker();
    return r;
  },
  delayed: (r) => (r.scheduler as ReminderScheduler).delayed(),
  restartServer: () => redis.restart(),
  concurrent: true,
});
