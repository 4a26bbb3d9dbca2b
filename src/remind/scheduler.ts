import { type ConnectionOptions, Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobIdFor } from './job-id.js';
import type { ReminderJob } from './types.js';

/** A deterministic job id: the same (certificate, revision, threshold) is queued at most once. */
/**
 * The schedule port: what the reminder services call on a scheduler (BullMQ's ReminderScheduler here,
 * the embedded SQLite one in sqlite-scheduler.ts).
 */
export type ReminderSchedule = Pick<ReminderScheduler, 'now' | 'enqueue' | 'cancel' | 'tick' | 'pending'>;

export interface SchedulerOptions {
  connection: Redis;
  prefix?: string;
  queueName?: string;
  clock?: () => number;
  /** Retries of a failed delivery (exponential backoff from `backoffMs`). */
  attempts?: number;
  backoffMs?: number;
}

/**
 * Reminders as BullMQ delayed jobs with deterministic ids: they live in Redis (a restart loses nothing),
 * a job is processed by one worker of many (BullMQ's lock), and queuing the same id twice is a no-op.
 *
 * The delay is computed from the injected clock. A due index (sorted set: job id → due time in that
 * clock) lets `tick()` promote what the clock says is due: with the real clock BullMQ has usually done it
 * already and the tick only tidies the index; with a test clock the tick is what moves time.
 */
export class ReminderScheduler {
  readonly queue: Queue<ReminderJob>;
  readonly #redis: Redis;
  readonly #due: string;
  readonly #clock: () => number;
  readonly #attempts: number;
  readonly #backoffMs: number;

  constructor(options: SchedulerOptions) {
    const prefix = options.prefix ?? 'evssl:';
    this.#redis = options.connection;
    this.#clock = options.clock ?? Date.now;
    this.#due = `${prefix}remind:due`;
    this.#attempts = options.attempts ?? 6;
    this.#backoffMs = options.backoffMs ?? 60_000;
    this.queue = new Queue<ReminderJob>(options.queueName ?? 'reminders', {
      connection: options.connection as unknown as ConnectionOptions,
      prefix: `${prefix}bull`,
    });
  }

  now(): number {
    return this.#clock();
  }

  #options(id: string, dueAt: number) {
    return {
      jobId: id,
      delay: Math.max(0, dueAt - this.#clock()),
      attempts: this.#attempts,
      backoff: { type: 'exponential', delay: this.#backoffMs },
      // Completed jobs go: the registry's sent-set, not BullMQ's history, is what stops a repeat.
      removeOnComplete: true,
      removeOnFail: { age: 30 * 24 * 3600 },
    };
  }

  /** Queues the jobs (idempotent per job id) and indexes them by due time. */
  async enqueue(jobs: ReminderJob[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map(jobIdFor);
    await this.queue.addBulk(
      jobs.map((data, i) => ({ name: data.type, data, opts: this.#options(ids[i]!, data.dueAt) })),
    );
    const pipe = this.#redis.pipeline();
    for (const [i, j] of jobs.entries()) pipe.zadd(this.#due, j.dueAt, ids[i]!);
    await pipe.exec();
    return ids;
  }

  /** Drops a queued job that is no longer wanted (a stale revision); missing or running jobs are left. */
  async cancel(jobId: string): Promise<void> {
    await this.#redis.zrem(this.#due, jobId);
    try {
      await this.queue.remove(jobId);
    } catch {
      // Locked by a worker right now: it will find its revision stale and do nothing.
    }
  }

  /**
   * Promotes up to `limit` jobs the clock says are due. Several instances may tick at once: promotion
   * is atomic in BullMQ, so a job moves once and the others' attempts fail quietly.
   */
  async tick(limit = 1000): Promise<number> {
    const ids = await this.#redis.zrangebyscore(this.#due, '-inf', this.#clock(), 'LIMIT', 0, limit);
    let promoted = 0;
    const promote = async (id: string) => {
      const job = await Job.fromId<ReminderJob>(this.queue, id);
      try {
        await job?.promote();
        if (job) promoted++;
      } catch {
        // Not delayed any more: another instance (or BullMQ itself) promoted it first.
      }
    };
    for (let i = 0; i < ids.length; i += 100) await Promise.all(ids.slice(i, i + 100).map(promote));
    if (ids.length > 0) await this.#redis.zrem(this.#due, ...ids);
    return promoted;
  }

  /** Jobs waiting or running (tests and the bench wait for this to reach zero). */
  async pending(): Promise<number> {
    const c = await this.queue.getJobCounts('wait', 'active', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  async delayedCount(): Promise<number> {
    return this.queue.getDelayedCount();
  }

  /** A worker for this queue on this instance. */
  worker(
    process: (job: ReminderJob, run: { id?: string; lastAttempt: boolean }) => Promise<unknown>,
    options: { concurrency?: number } = {},
  ) {
    const run = (job: Job<ReminderJob>) => ({
      ...(job.id ? { id: job.id } : {}),
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    return new Worker<ReminderJob>(this.queue.name, async (job) => process(job.data, run(job)), {
      connection: this.#redis as unknown as ConnectionOptions,
      prefix: this.queue.opts.prefix,
      concurrency: options.concurrency ?? 20,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
