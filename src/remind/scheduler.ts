import type { Redis } from 'ioredis';
import { jobIdFor } from './job-id.js';
import type { ReminderJob } from './types.js';

/*
 * Why not BullMQ here (it ran the reminders until issue 19): a BullMQ job is a hash of ~860 B (name,
 * data, opts, timestamps) plus entries in its delayed set and event stream, and every run is two heavy
 * scripts (move to active, move to finished) with a lock renewal: ~2 kB of Redis per certificate and
 * twice the cost of the delivery itself. A renewal reminder needs far less: one due time per
 * certificate, and a claim that hands it to exactly one worker. So the schedule is two sorted sets and
 * three small scripts, below; BullMQ is loaded only to move an old installation's queue over
 * (legacy-queue.ts).
 */

/**
 * The schedule port: what the reminder services call on a scheduler (this Redis ReminderScheduler, the
 * embedded SQLite one in sqlite-scheduler.ts).
 */
export type ReminderSchedule = Pick<ReminderScheduler, 'now' | 'enqueue' | 'cancel' | 'tick' | 'pending'>;

export interface SchedulerOptions {
  connection: Redis;
  prefix?: string;
  clock?: () => number;
  /** Tries of a delivery (exponential backoff from `backoffMs`); then it is kept in the failed set. */
  attempts?: number;
  backoffMs?: number;
  /** How long a claimed job is this worker's: after that (the process died) another worker takes it. */
  leaseMs?: number;
}

/** A job handed to a worker: its id, data and which try this is (1 = first). */
export interface ClaimedJob {
  id: string;
  job: ReminderJob;
  attempt: number;
}

// Server time (ms) in a script: the leases and backoffs of several instances share one clock.
const NOW = `local t = redis.call('TIME') local ms = t[1] * 1000 + math.floor(t[2] / 1000)`;

// KEYS due, ready, jobs; ARGV clock now, then per job (id, dueAt, data: '' for a renewal, whose id says
// it all). A job due already is ready at once (as BullMQ ran a job without delay); one already ready or
// running is not queued a second time. Returns how many went straight to ready.
const ENQUEUE = `${NOW}
local now, ready = tonumber(ARGV[1]), 0
for i = 2, #ARGV, 3 do
  local id, due, data = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if not redis.call('ZSCORE', KEYS[2], id) then
    if tonumber(due) <= now then
      redis.call('ZREM', KEYS[1], id)
      redis.call('ZADD', KEYS[2], ms, id)
      redis.call('HSET', KEYS[3], id, data ~= '' and data or due)
      ready = ready + 1
    elseif redis.call('ZADD', KEYS[1], 'NX', due, id) == 1 and data ~= '' then
      redis.call('HSET', KEYS[3], id, data)
    end
  end
end
return ready`;

// KEYS due, jobs; ARGV id: a job not yet due goes (a ready or running one finds itself stale).
const CANCEL = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 0`;

// KEYS due, ready, jobs; ARGV clock now, limit: what is due becomes ready (run after: now, server time).
const PROMOTE = `${NOW}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
for i = 1, #ids, 2 do
  redis.call('ZADD', KEYS[2], 'NX', ms, ids[i])
  redis.call('HSETNX', KEYS[3], ids[i], ids[i + 1])
  redis.call('ZREM', KEYS[1], ids[i])
end
return #ids / 2`;

// KEYS ready, jobs, tries; ARGV lease ms, how many to claim, how many done, the done ids. Acknowledges
// the done ones, then leases up to `n` ready ones (their run-after moves past the lease). Returns
// (id, data, try) triples and, last, ms until the next ready or leased job (-1: none).
const CLAIM = `${NOW}
local done = tonumber(ARGV[3])
for i = 4, 3 + done do
  redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[3], ARGV[i])
end
local out = {}
if tonumber(ARGV[2]) > 0 then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ms, 'LIMIT', 0, ARGV[2])) do
    redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[1]), id)
    out[#out + 1] = id
    out[#out + 1] = redis.call('HGET', KEYS[2], id) or ''
    out[#out + 1] = redis.call('HINCRBY', KEYS[3], id, 1)
  end
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
out[#out + 1] = first[2] and math.max(0, first[2] - ms) or -1
return out`;

// KEYS ready, jobs, tries, failed; ARGV id, try, attempts, backoff ms: retried later, or failed for good
// (kept 30 days in the failed set).
const FAIL = `${NOW}
if tonumber(ARGV[2]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], 'XX', ms + tonumber(ARGV[4]) * 2 ^ (tonumber(ARGV[2]) - 1), ARGV[1])
  return 1
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ms, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ms - 30 * 86400000)
return 0`;

const RENEWAL_ID = /^r_(.+)_(\d+)_(\d+)$/;

/** A job from its id and stored data: a renewal's id carries certificate, revision and threshold. */
export function jobFrom(id: string, data: string, dueAt?: number): ReminderJob | undefined {
  const m = RENEWAL_ID.exec(id);
  if (m && !data.startsWith('{')) {
    const due = dueAt ?? Number(data || 0);
    return { type: 'renewal', certId: m[1]!, rev: Number(m[2]), threshold: Number(m[3]), dueAt: due };
  }
  return data.startsWith('{') ? (JSON.parse(data) as ReminderJob) : undefined;
}

/**
 * Reminders in Redis: a sorted set of due times (`remind:due`, job id → due time in the injected clock),
 * one entry per certificate for its next threshold only, under a deterministic id
 * (`r_<cert>_<revision>_<threshold>`: queuing the same job twice is one job, and the id is all a renewal
 * needs, no job data). `tick()` moves what the clock says is due to `remind:ready` (id → when it may
 * run, server time); a worker claims ready jobs with one script call that leases them (the run-after
 * moves past the lease), so each job goes to one worker of any number of instances. A finished job is
 * acknowledged (removed) with the worker's next claim; a failed one is retried after an exponential
 * backoff; a job whose worker died is claimed again when its lease runs out. The registry's sent-claims
 * keep a reminder from going out twice whatever happens to a lease. Nudges carry their data in
 * `remind:jobs`. The due set is the one the BullMQ layout kept as its index, with the same ids, so an
 * upgraded installation keeps its renewal schedule (legacy-queue.ts moves the rest).
 */
export class ReminderScheduler {
  readonly #redis: Redis;
  readonly #clock: () => number;
  readonly #keys: { due: string; ready: string; jobs: string; tries: string; failed: string };
  readonly attempts: number;
  readonly #backoffMs: number;
  readonly #leaseMs: number;
  readonly prefix: string;

  constructor(options: SchedulerOptions) {
    this.prefix = options.prefix ?? 'evssl:';
    const p = `${this.prefix}remind:`;
    this.#redis = options.connection;
    this.#clock = options.clock ?? Date.now;
    this.#keys = {
      due: `${p}due`,
      ready: `${p}ready`,
      jobs: `${p}jobs`,
      tries: `${p}tries`,
      failed: `${p}failed`,
    };
    this.attempts = options.attempts ?? 6;
    this.#backoffMs = options.backoffMs ?? 60_000;
    this.#leaseMs = options.leaseMs ?? 15 * 60_000;
    const r = this.#redis as unknown as Record<string, unknown>;
    if (!('evsslEnqueue' in r)) {
      this.#redis.defineCommand('evsslEnqueue', { numberOfKeys: 3, lua: ENQUEUE });
      this.#redis.defineCommand('evsslCancel', { numberOfKeys: 2, lua: CANCEL });
      this.#redis.defineCommand('evsslPromote', { numberOfKeys: 3, lua: PROMOTE });
      this.#redis.defineCommand('evsslClaim', { numberOfKeys: 3, lua: CLAIM });
      this.#redis.defineCommand('evsslFail', { numberOfKeys: 4, lua: FAIL });
    }
  }

  get #s(): Scripts {
    return this.#redis as unknown as Scripts;
  }

  now(): number {
    return this.#clock();
  }

  readonly #onReady = new Set<() => void>();

  /** Called when a job queued here was due already (it is ready at once): this instance's worker looks. */
  onReady(listener: () => void): () => void {
    this.#onReady.add(listener);
    return () => this.#onReady.delete(listener);
  }

  /** Queues the jobs (idempotent per job id; one script call); one due already is ready at once. */
  async enqueue(jobs: ReminderJob[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const ids = jobs.map(jobIdFor);
    const args = jobs.flatMap((j, i) => [
      ids[i]!,
      String(j.dueAt),
      j.type === 'renewal' ? '' : JSON.stringify(j),
    ]);
    const k = this.#keys;
    const ready = await this.#s.evsslEnqueue(k.due, k.ready, k.jobs, String(this.#clock()), ...args);
    if (ready > 0) for (const listener of this.#onReady) listener();
    return ids;
  }

  /** Drops a queued job that is no longer wanted (a stale revision); a ready or running one is left. */
  async cancel(jobId: string): Promise<void> {
    await this.#s.evsslCancel(this.#keys.due, this.#keys.jobs, jobId);
  }

  /**
   * Makes up to `limit` jobs the clock says are due ready to run (one atomic script: with several
   * instances ticking at once, each job moves once). Returns how many moved.
   */
  async tick(limit = 1000): Promise<number> {
    const k = this.#keys;
    return this.#s.evsslPromote(k.due, k.ready, k.jobs, this.#clock(), limit);
  }

  /**
   * Acknowledges `done` and claims up to `limit` ready jobs for this instance's worker. Also says how
   * long until the next ready (or leased) job may run, for the worker's next look (-1: none).
   */
  async claim(limit: number, done: string[] = []): Promise<{ jobs: ClaimedJob[]; nextInMs: number }> {
    const k = this.#keys;
    const out = await this.#s.evsslClaim(
      k.ready,
      k.jobs,
      k.tries,
      this.#leaseMs,
      limit,
      done.length,
      ...done,
    );
    const jobs: ClaimedJob[] = [];
    for (let i = 0; i + 2 < out.length; i += 3) {
      const id = String(out[i]);
      const job = jobFrom(id, String(out[i + 1]));
      if (job) jobs.push({ id, job, attempt: Number(out[i + 2]) });
      else done.push(id); // nothing to run (no data): dropped with the next claim
    }
    return { jobs, nextInMs: Number(out[out.length - 1]) };
  }

  /** A try failed: 'retry' (ready again after its backoff) or 'failed' (the last try). */
  async fail(id: string, attempt: number): Promise<'retry' | 'failed'> {
    const k = this.#keys;
    const r = await this.#s.evsslFail(
      k.ready,
      k.jobs,
      k.tries,
      k.failed,
      id,
      attempt,
      this.attempts,
      this.#backoffMs,
    );
    return r === 1 ? 'retry' : 'failed';
  }

  /** Jobs ready, running, or waiting out a retry's backoff (tests and the bench wait for zero). */
  async pending(): Promise<number> {
    return this.#redis.zcard(this.#keys.ready);
  }

  async delayedCount(): Promise<number> {
    return this.#redis.zcard(this.#keys.due);
  }

  async failedCount(): Promise<number> {
    return this.#redis.zcard(this.#keys.failed);
  }

  /** The queued jobs not yet due, soonest first (tests plan their clock from these). */
  async delayed(): Promise<ReminderJob[]> {
    const flat = await this.#redis.zrange(this.#keys.due, '0', '-1', 'WITHSCORES');
    const ids = flat.filter((_, i) => i % 2 === 0);
    if (ids.length === 0) return [];
    const data = await this.#redis.hmget(this.#keys.jobs, ...ids);
    return ids.flatMap((id, i) => {
      const job = jobFrom(id, data[i] ?? '', Number(flat[i * 2 + 1]));
      return job ? [job] : [];
    });
  }

  async close(): Promise<void> {}
}

type Scripts = {
  evsslEnqueue(...args: string[]): Promise<number>;
  evsslCancel(due: string, jobs: string, id: string): Promise<number>;
  evsslPromote(due: string, ready: string, jobs: string, now: number, limit: number): Promise<number>;
  evsslClaim(...args: Array<string | number>): Promise<Array<string | number>>;
  evsslFail(...args: Array<string | number>): Promise<number>;
};
