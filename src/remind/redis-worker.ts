import type { ClaimedJob, ReminderScheduler } from './scheduler.js';
import type { ReminderJob } from './types.js';

export interface WorkerOptions {
  concurrency?: number;
  /** Longest wait between two looks for ready jobs (a retry whose backoff ran out, another instance's tick). */
  pollMs?: number;
  /** A try failed (logged by the caller). */
  onFailed?(id: string, attempt: number, err: unknown, next: 'retry' | 'failed'): void;
  onError?(err: unknown): void;
}

export type RunJob = (job: ReminderJob, run: { id: string; lastAttempt: boolean }) => Promise<unknown>;

/**
 * This instance's reminder worker on the Redis schedule: up to `concurrency` jobs at once. Claims come
 * in batches (one script call acknowledges what finished and leases what is ready), at most one call in
 * flight; finishing jobs ask for the next call, coalesced to one per turn of the event loop.
 */
export class RedisReminderWorker {
  readonly #scheduler: ReminderScheduler;
  readonly #run: RunJob;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #options: WorkerOptions;
  #active = 0;
  #done: string[] = [];
  #pumping: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #drained: (() => void) | undefined;
  readonly #unlisten: () => void;

  constructor(scheduler: ReminderScheduler, run: RunJob, options: WorkerOptions = {}) {
    this.#scheduler = scheduler;
    this.#run = run;
    this.#concurrency = Math.max(1, options.concurrency ?? 20);
    this.#pollMs = options.pollMs ?? 1000;
    this.#options = options;
    this.#unlisten = scheduler.onReady(() => this.pump());
    this.pump();
  }

  /** Jobs running here, or finished and not yet acknowledged. */
  get busy(): boolean {
    return this.#active > 0 || this.#done.length > 0 || this.#pumping !== undefined;
  }

  /** Looks for ready jobs now (after a tick), or as soon as the current look is over. */
  pump(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#look()
      .catch((err: unknown) => {
        this.#options.onError?.(err);
        this.#wake(this.#pollMs);
      })
      .finally(() => {
        this.#pumping = undefined;
        if (this.#again) {
          this.#again = false;
          this.pump();
        } else if (this.#active === 0 && this.#done.length === 0) this.#drained?.();
      });
  }

  async #look(): Promise<void> {
    const free = this.#closed ? 0 : this.#concurrency - this.#active;
    if (free <= 0 && this.#done.length === 0) return;
    const done = this.#done.splice(0);
    let claimed: Awaited<ReturnType<ReminderScheduler['claim']>>;
    try {
      claimed = await this.#scheduler.claim(free, done);
    } catch (err) {
      this.#done.unshift(...done); // acknowledged with the next call that gets through
      throw err;
    }
    const { jobs, nextInMs } = claimed;
    for (const c of jobs) this.#start(c);
    if (this.#closed) return;
    // A full batch: finishing jobs call again. Otherwise look again when the next job may run.
    if (jobs.length < free) this.#wake(nextInMs < 0 ? this.#pollMs : Math.min(nextInMs + 1, this.#pollMs));
  }

  #wake(ms: number) {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.pump(), ms);
    this.#timer.unref();
  }

  #start({ id, job, attempt }: ClaimedJob) {
    this.#active++;
    const lastAttempt = attempt >= this.#scheduler.attempts;
    this.#run(job, { id, lastAttempt })
      .then(
        () => {
          this.#done.push(id);
        },
        async (err: unknown) => {
          const next = await this.#scheduler.fail(id, attempt);
          this.#options.onFailed?.(id, attempt, err, next);
        },
      )
      .catch((err: unknown) => this.#options.onError?.(err))
      .finally(() => {
        this.#active--;
        // Refill in batches: a call when a quarter of the slots is free (or the last job is done).
        const free = this.#concurrency - this.#active;
        if (this.#closed || free >= Math.ceil(this.#concurrency / 4) || this.#active === 0) {
          setImmediate(() => this.pump());
        }
      });
  }

  /** Takes no new job; resolves when the running ones are done and acknowledged. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unlisten();
    clearTimeout(this.#timer);
    if (!this.busy) return;
    await new Promise<void>((resolve) => {
      this.#drained = resolve;
      this.pump();
    });
  }
}
