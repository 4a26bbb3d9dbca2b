import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteReminders } from '../../src/remind/sqlite-reminders.js';
import type { SqliteReminderScheduler } from '../../src/remind/sqlite-scheduler.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { silentLogger } from './harness.js';
import { reminderSuite } from './reminder-suite.js';

// The reminder suite on the embedded SQLite schedule, on a real database file (the Redis half
// is reminder-schedulers.test.ts).
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
