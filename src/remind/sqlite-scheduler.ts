import type Database from 'better-sqlite3';
import { jobIdFor } from './job-id.js';
import type { ReminderSchedule } from './scheduler.js';
import type { ReminderJob } from './types.js';

export interface SqliteSchedulerOptions {
  clock?: () => number;
  /** Tries of a delivery before it is kept as failed (exponential backoff from `backoffMs`). */
  attempts?: number;
  backoffMs?: number;
  /** Real time, for a retry's backoff (as the Redis schedule's server time): Date.now unless a test moves it. */
  realNow?: () => number;
}

interface JobRow {
  id: string;
  attempts: number;
  data: string;
}

/**
 * Reminders as rows of `remind_jobs` in the embedded database (the schedule port, ReminderSchedule, as
 * the Redis ReminderScheduler): one row per deterministic job id, so queuing the same job twice is a
 * no-op. A row is `delayed` until the injected clock reaches `due_at`; `tick` moves what is due to
 * `ready` in one transaction; `take` claims ready rows (`active`) in another, so each is handed to the
 * worker exactly once within the process that holds the database (a second process is refused at start:
 * sqlite-open.ts). Done rows are deleted; a failed one goes back to `ready` after its backoff, or stays
 * `failed` after the last try. Rows a killed process left `active` are `ready` again at the next start
 * (`recover`), and the registry's sent-claims keep a reminder from going out twice.
 */
export class SqliteReminderScheduler implements ReminderSchedule {
  readonly #db: Database.Database;
  readonly #clock: () => number;
  readonly #realNow: () => number;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #q;

  constructor(db: Database.Database, options: SqliteSchedulerOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? Date.now;
    this.#realNow = options.realNow ?? Date.now;
    this.#attempts = options.attempts ?? 6;
    this.#backoffMs = options.backoffMs ?? 60_000;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      add: p(`INSERT OR IGNORE INTO remind_jobs (id, state, due_at, data) VALUES (?, 'delayed', ?, ?)`),
      cancel: p(`DELETE FROM remind_jobs WHERE id = ? AND state IN ('delayed', 'ready')`),
      promote: p(
        `UPDATE remind_jobs SET state = 'ready' WHERE id IN
         (SELECT id FROM remind_jobs WHERE state = 'delayed' AND due_at <= ? ORDER BY due_at LIMIT ?)`,
      ),
      ready: p(
        `SELECT id, attempts, data FROM remind_jobs WHERE state = 'ready' AND run_after <= ?
         ORDER BY due_at, id LIMIT ?`,
      ),
      activate: p(`UPDATE remind_jobs SET state = 'active' WHERE id = ?`),
      done: p('DELETE FROM remind_jobs WHERE id = ?'),
      retry: p(`UPDATE remind_jobs SET state = 'ready', attempts = ?, run_after = ? WHERE id = ?`),
      failed: p(`UPDATE remind_jobs SET state = 'failed', attempts = ? WHERE id = ?`),
      recover: p(`UPDATE remind_jobs SET state = 'ready' WHERE state = 'active'`),
      pending: p(`SELECT COUNT(*) AS n FROM remind_jobs WHERE state IN ('ready', 'active')`),
      count: p('SELECT COUNT(*) AS n FROM remind_jobs WHERE state = ?'),
      delayed: p(`SELECT data FROM remind_jobs WHERE state = 'delayed' ORDER BY due_at`),
      state: p('SELECT state FROM remind_jobs WHERE id = ?'),
    };
  }

  now(): number {
    return this.#clock();
  }

  /** Queues the jobs (idempotent per job id: one transaction). */
  async enqueue(jobs: ReminderJob[]): Promise<string[]> {
    const ids = jobs.map(jobIdFor);
    this.#db.transaction(() => {
      for (const [i, job] of jobs.entries()) this.#q.add.run(ids[i]!, job.dueAt, JSON.stringify(job));
    })();
    return ids;
  }

  /** Drops a job that is no longer wanted; a running one is left (it finds its revision stale). */
  async cancel(jobId: string): Promise<void> {
    this.#q.cancel.run(jobId);
  }

  /** Moves up to `limit` jobs the clock says are due to ready (one statement); returns how many. */
  async tick(limit = 1000): Promise<number> {
    return this.#q.promote.run(this.#clock(), limit).changes;
  }

  /** Claims up to `limit` ready jobs for this process's worker (one transaction: each is taken once). */
  take(limit: number): Array<{ id: string; attempts: number; job: ReminderJob }> {
    return this.#db.transaction(() => {
      const rows = this.#q.ready.all(this.#realNow(), limit) as JobRow[];
      for (const r of rows) this.#q.activate.run(r.id);
      return rows.map((r) => ({ id: r.id, attempts: r.attempts, job: JSON.parse(r.data) as ReminderJob }));
    })();
  }

  /** The worker finished a job: gone. */
  complete(id: string): void {
    this.#q.done.run(id);
  }

  /** A try failed: ready again after its backoff, or kept as failed after the last try. */
  fail(id: string, attemptsBefore: number): 'retry' | 'failed' {
    const made = attemptsBefore + 1;
    if (made >= this.#attempts) {
      this.#q.failed.run(made, id);
      return 'failed';
    }
    this.#q.retry.run(made, this.#realNow() + this.#backoffMs * 2 ** (made - 1), id);
    return 'retry';
  }

  /** Jobs a killed process left running: ready again (only the database's holder calls this). */
  recover(): number {
    return this.#q.recover.run().changes;
  }

  /** Jobs ready (including those waiting out a retry's backoff) or running. */
  async pending(): Promise<number> {
    return (this.#q.pending.get() as { n: number }).n;
  }

  async delayedCount(): Promise<number> {
    return (this.#q.count.get('delayed') as { n: number }).n;
  }

  async failedCount(): Promise<number> {
    return (this.#q.count.get('failed') as { n: number }).n;
  }

  /** The queued jobs not yet due, soonest first (tests plan their clock from these). */
  async delayed(): Promise<ReminderJob[]> {
    return (this.#q.delayed.all() as { data: string }[]).map((r) => JSON.parse(r.data) as ReminderJob);
  }

  async close(): Promise<void> {}
}
