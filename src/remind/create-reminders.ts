import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ApplicationStore } from '../store/application-store.js';
import { migrateLegacyQueue } from './legacy-queue.js';
import type { ReminderNotifier } from './notifier.js';
import { NudgeService } from './nudge-service.js';
import type { NudgeRule } from './nudges.js';
import { RedisReminderWorker } from './redis-worker.js';
import { type CertificateRegistry, RedisCertificateRegistry } from './registry.js';
import { RemindService } from './remind-service.js';
import type { Reminders } from './reminders.js';
import { type ReminderSchedule, ReminderScheduler } from './scheduler.js';
import type { ReminderJob } from './types.js';

export interface RemindersOptions {
  redisUrl: string;
  prefix?: string;
  store: ApplicationStore;
  notifier: ReminderNotifier;
  logger: Logger;
  clock?: () => number;
  defaultTeam?: string;
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  /** How long a claimed reminder is one worker's before another may take it (its process died), ms. */
  leaseMs?: number;
  /** Longest wait of the worker between two looks for ready jobs, ms. */
  pollMs?: number;
  nudgeRules?: NudgeRule[];
}

/** Running reminders on a registry and schedule (Redis by default; sqlite-reminders.ts). */
export interface RunningReminders<
  R extends CertificateRegistry = RedisCertificateRegistry,
  S extends ReminderSchedule = ReminderScheduler,
> extends Reminders {
  registry: R;
  scheduler: S;
  /** Starts this instance's worker (several instances may run one each). */
  startWorker(): void;
  /** Runs one due-scan now (the interval calls it; tests call it after moving the clock). */
  tick(): Promise<number>;
  /** Calls tick() every `seconds` until stop(). */
  startTicking(seconds: number): void;
  /** Resolves when no job is waiting or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the registry, the Redis schedule, the services and (on demand) a worker over one connection. */
export function createReminders(options: RemindersOptions): RunningReminders {
  // Commands wait out a dropped connection (a Redis restart) instead of failing after 20 retries.
  // Auto-pipelining: the commands of many reminders in flight leave in one write (the socket writes were
  // a fifth of a dispatch's CPU in bench:reminders).
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const prefix = options.prefix ?? 'evssl:';
  const registry = new RedisCertificateRegistry(redis, prefix);
  const scheduler = new ReminderScheduler({
    connection: redis,
    prefix,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.attempts ? { attempts: options.attempts } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
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
  // An installation upgraded from the BullMQ layout: its queue moves over once, before the first scan.
  let migrated: Promise<void> | undefined;
  const migrate = () => {
    migrated ??= migrateLegacyQueue(redis, scheduler).then(
      (moved) => {
        if (moved > 0) logger.info({ moved }, 'reminders moved over from the BullMQ queue');
      },
      (err: unknown) => {
        migrated = undefined; // tried again at the next scan
        throw err;
      },
    );
    return migrated;
  };
  let worker: RedisReminderWorker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<number> | undefined;
  const tick = async () => {
    // One scan at a time per instance; other instances may scan at the same moment (promotion is atomic).
    ticking ??= (async () => {
      await migrate();
      const promoted = await scheduler.tick();
      if (promoted > 0) worker?.pump();
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
      worker ??= new RedisReminderWorker(scheduler, (job) => fire(job), {
        concurrency: options.concurrency ?? 20,
        ...(options.pollMs ? { pollMs: options.pollMs } : {}),
        onFailed: (jobId, attempt, err, next) =>
          logger.warn({ jobId, attempt, err: (err as Error).name, next }, 'reminder delivery failed'),
        onError: (err) => logger.error({ err: (err as Error).name }, 'reminder worker failed'),
      });
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
      // Ready includes retries waiting out their backoff and jobs leased by any instance.
      await migrate();
      for (;;) {
        if (!worker?.busy && (await scheduler.pending()) === 0) return;
        worker?.pump(); // a retry whose backoff just ran out: no need to wait for the next poll
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      await ticking?.catch(() => undefined);
      await worker?.close();
      await scheduler.close();
      await options.notifier.close();
      redis.disconnect();
    },
  };
}
