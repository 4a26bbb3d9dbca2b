import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReminders } from '../../src/remind/create-reminders.js';
import type { ReminderScheduler } from '../../src/remind/scheduler.js';
import { createSqliteReminders } from '../../src/remind/sqlite-reminders.js';
import type { SqliteReminderScheduler } from '../../src/remind/sqlite-scheduler.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { silentLogger } from './harness.js';
import { reminderSuite } from './reminder-suite.js';

// One suite, two adapters: the same behaviour from BullMQ on a real redis-server and from the embedded
// SQLite schedule on a real database file.
let redis: RedisServer;
reminderSuite('Redis + BullMQ', {
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
  delayed: async (r) => (await (r.scheduler as ReminderScheduler).queue.getDelayed()).map((j) => j.data),
  restartServer: () => redis.restart(),
  concurrent: true,
});

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-remind-'));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 3) }]);
let n = 0;
reminderSuite('SQLite', {
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
  fresh: () => join(dir, `remind-${++n}.db`),
  make: async (path, clock, { worker, notifier }) => {
    const store = new SqliteApplicationStore({ path, keys });
    const r = createSqliteReminders({
      store,
      logger: silentLogger(),
      clock: clock.now,
      attempts: 3,
      backoffMs: 1,
      notifier,
    });
    if (worker) r.startWorker();
    const stopReminders = r.stop;
    return Object.assign(r, {
      stop: async () => {
        await stopReminders();
        await store.close();
      },
    });
  },
  delayed: (r) => (r.scheduler as SqliteReminderScheduler).delayed(),
  concurrent: false,
});
