import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ApplicationStore } from '../store/application-store.js';
import type { ReminderNotifier } from './notifier.js';
import { NudgeService } from './nudge-service.js';
import type { NudgeRule } from './nudges.js';
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
  nudgeRules?: NudgeRule[];
}

/** Running reminders on a registry and schedule (Redis and BullMQ by default; sqlite-reminders.ts). */
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

/** Wires the registry, the BullMQ scheduler, the services and (on demand) a worker over one connection. */
export function createReminders(options: RemindersOptions): RunningReminders {
  // BullMQ needs maxRetriesPerRequest: null on the connections its workers block on (PLATFORM.md).
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = options.prefix ?? 'evssl:';
  const registry = new RedisCertificateRegistry(redis, prefix);
  const scheduler = new ReminderScheduler({
    connection: redis,
    prefix,
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
  /** Jobs this instance's worker failed and BullMQ will retry (delayed by the backoff): `idle` waits. */
  const retrying = new Set<string>();
  const fire = (job: ReminderJob) => (job.type === 'renewal' ? service.fire(job) : nudges.fire(job));
  const process = async (job: ReminderJob, run: { id?: string; lastAttempt: boolean }) => {
    try {
      return await fire(job);
    } catch (err) {
      // Marked before BullMQ moves the job to `delayed` (after this throws): `idle` must never see
      // a moment where the retry is neither pending nor known here.
      if (run.id && !run.lastAttempt) retrying.add(run.id);
      throw err;
    }
  };
  let worker: ReturnType<ReminderScheduler['worker']> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<number> | undefined;
  const tick = async () => {
    // One scan at a time per instance; other instances may scan at the same moment (promotion is atomic).
    ticking ??= scheduler.tick().finally(() => {
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
      worker ??= scheduler.worker(process, { concurrency: options.concurrency ?? 20 });
      worker.on('failed', (job, err) => {
        if (job?.id && job.attemptsMade < (job.opts.attempts ?? 1)) retrying.add(job.id);
        logger.warn(
          { jobId: job?.id, attempt: job?.attemptsMade, err: err.name },
          'reminder delivery failed',
        );
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
      // A retry waits out its backoff as a delayed job, which `pending` does not count: until it has
      // run (here or on another instance: its state in Redis says), the work is not done.
      for (;;) {
        for (const id of retrying) {
          const state = await scheduler.queue.getJobState(id);
          if (state !== 'delayed' && state !== 'waiting' && state !== 'active' && state !== 'prioritized') {
            retrying.delete(id);
          }
        }
        if (retrying.size === 0 && (await scheduler.pending()) === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      await ticking;
      await worker?.close();
      await scheduler.close();
      await options.notifier.close();
      redis.disconnect();
    },
  };
}
