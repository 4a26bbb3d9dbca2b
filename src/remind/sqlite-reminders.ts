import type { Logger } from 'pino';
import type { SqliteApplicationStore } from '../store/sqlite-store.js';
import type { RunningReminders } from './create-reminders.js';
import type { ReminderNotifier } from './notifier.js';
import { NudgeService } from './nudge-service.js';
import type { NudgeRule } from './nudges.js';
import { RemindService } from './remind-service.js';
import { SqliteCertificateRegistry } from './sqlite-registry.js';
import { SqliteReminderScheduler } from './sqlite-scheduler.js';
import type { ReminderJob } from './types.js';

export interface SqliteRemindersOptions {
  /** The SQLite application store: reminders live in its database, on its connection. */
  store: SqliteApplicationStore;
  notifier: ReminderNotifier;
  logger: Logger;
  clock?: () => number;
  defaultTeam?: string;
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  nudgeRules?: NudgeRule[];
  /** How often the worker looks for ready jobs besides each tick (a retry whose backoff ran out), ms. */
  pollMs?: number;
}

export type SqliteReminders = RunningReminders<SqliteCertificateRegistry, SqliteReminderScheduler>;

/**
 * Reminders without Redis: the same RemindService and NudgeService (thresholds, business hours,
 * holidays, snooze, ack, escalation are theirs) over the SQLite registry and schedule. Only the process
 * holding the database starts the worker, so each due job is handed out once (SqliteReminderScheduler).
 */
export function createSqliteReminders(options: SqliteRemindersOptions): SqliteReminders {
  const db = options.store.database;
  const registry = new SqliteCertificateRegistry(db);
  const scheduler = new SqliteReminderScheduler(db, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.attempts ? { attempts: options.attempts } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  const logger = options.logger.child({ component: 'reminders' });
  const common = { registry, scheduler, notifier: options.notifier, logger };
  const service = new RemindService(common);
  const nudges = new NudgeService({
    ...common,
    store: options.store,
    ...(options.nudgeRules ? { rules: options.nudgeRules } : {}),
  });
  const fire = (job: ReminderJob) => (job.type === 'renewal' ? service.fire(job) : nudges.fire(job));
  const concurrency = options.concurrency ?? 20;
  let working = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  let ticking: Promise<number> | undefined;
  let draining: Promise<void> | undefined;

  const runOne = async ({ id, attempts, job }: ReturnType<SqliteReminderScheduler['take']>[number]) => {
    try {
      await fire(job);
      scheduler.complete(id);
    } catch (err) {
      const next = scheduler.fail(id, attempts);
      logger.warn(
        { jobId: id, attempt: attempts + 1, err: (err as Error).name, next },
        'reminder delivery failed',
      );
    }
  };
  /** Runs ready jobs until none is left that may run now (one drain at a time). */
  const drain = (): Promise<void> => {
    if (!working || stopped) return Promise.resolve();
    draining ??= (async () => {
      for (;;) {
        const batch = scheduler.take(concurrency);
        if (batch.length === 0) return;
        await Promise.all(batch.map(runOne));
      }
    })().finally(() => {
      draining = undefined;
    });
    return draining;
  };
  const tick = async () => {
    ticking ??= (async () => {
      const promoted = await scheduler.tick();
      await drain();
      return promoted;
    })().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };
  return {
    service,
    nudges,
    registry,
    scheduler,
    logger,
    defaultTeam: options.defaultTeam ?? 'default',
    startWorker() {
      if (working) return;
      working = true;
      // We hold the database: jobs left running were a killed process's, and are ready again.
      const recovered = scheduler.recover();
      if (recovered > 0)
        logger.info({ recovered }, 'reminders left running by a stopped process: queued again');
      poller = setInterval(() => {
        drain().catch((err: unknown) => logger.error({ err: (err as Error).name }, 'reminder worker failed'));
      }, options.pollMs ?? 1000);
      poller.unref();
      void drain();
    },
    tick,
    startTicking(seconds) {
      timer ??= setInterval(() => {
        tick().catch((err: unknown) =>
          logger.error({ err: (err as Error).name }, 'reminder due-scan failed'),
        );
      }, seconds * 1000);
      timer.unref();
    },
    async idle() {
      for (;;) {
        await drain();
        if ((await scheduler.pending()) === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (poller) clearInterval(poller);
      await ticking;
      stopped = true;
      await draining;
      await options.notifier.close();
    },
  };
}
