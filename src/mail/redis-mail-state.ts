import type { Cluster, Redis } from 'ioredis';
import type { MailCheckpoint, MailStateStore, MailThread, OutboxMessage } from './mail-state-store.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Updates a message and its place in the due set in one step, so a crash never leaves them apart.
const UPDATE = `redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '' then redis.call('zrem', KEYS[2], ARGV[1]) else redis.call('zadd', KEYS[2], ARGV[3], ARGV[1]) end
return 1`;

// One failure record per mailbox: the count goes on while the same mail fails with the same code.
const FAIL = `local last = redis.call('hmget', KEYS[1], 'mail', 'code', 'count')
local count = 1
if last[1] == ARGV[1] and last[2] == ARGV[2] then count = tonumber(last[3]) + 1 end
redis.call('hset', KEYS[1], 'mail', ARGV[1], 'code', ARGV[2], 'count', count)
return count`;

/**
 * MailStateStore on Redis (ioredis), sharing the application store's server. Keys under `prefix` +
 * `{mail}:` (one hash slot, so the two-key Lua update also works on a cluster): `outbox` (hash id →
 * JSON), `outbox:due` (sorted set by next attempt), `checkpoint:<mailbox>`, `failure:<mailbox>` (hash: the mail failing
 * now, its code and count), `threads` (hash),
 * `lock:<name>` (SET NX PX, owner-checked renew and release in Lua).
 */
export class RedisMailState implements MailStateStore {
  constructor(
    readonly redis: Redis | Cluster,
    readonly prefix = 'evssl:',
  ) {}

  #k(name: string): string {
    return `${this.prefix}{mail}:${name}`;
  }

  async putOutbox(message: OutboxMessage): Promise<boolean> {
    const added = await this.redis.hsetnx(this.#k('outbox'), message.id, JSON.stringify(message));
    if (added === 1) await this.redis.zadd(this.#k('outbox:due'), message.nextAttemptAt, message.id);
    return added === 1;
  }

  async getOutbox(id: string): Promise<OutboxMessage | null> {
    const json = await this.redis.hget(this.#k('outbox'), id);
    return json ? (JSON.parse(json) as OutboxMessage) : null;
  }

  async dueOutbox(now: number, limit = 50): Promise<OutboxMessage[]> {
    const ids = await this.redis.zrangebyscore(this.#k('outbox:due'), '-inf', now, 'LIMIT', 0, limit);
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(this.#k('outbox'), ...ids);
    return values
      .filter((v): v is string => typeof v === 'string')
      .map((v) => JSON.parse(v) as OutboxMessage)
      .filter((m) => m.status === 'pending');
  }

  async markSent(id: string, sentAt: string): Promise<void> {
    await this.#update(id, (m) => ({ ...m, status: 'sent', sentAt, attempts: m.attempts + 1 }));
  }

  async markFailed(id: string, error: string, nextAttemptAt: number | undefined): Promise<void> {
    await this.#update(id, (m) => ({
      ...m,
      attempts: m.attempts + 1,
      lastError: error,
      ...(nextAttemptAt === undefined ? { status: 'failed' as const } : { nextAttemptAt }),
    }));
  }

  async #update(id: string, f: (m: OutboxMessage) => OutboxMessage): Promise<void> {
    const current = await this.getOutbox(id);
    if (!current) return;
    const next = f(current);
    const due = next.status === 'pending' ? String(next.nextAttemptAt) : '';
    await this.redis.eval(UPDATE, 2, this.#k('outbox'), this.#k('outbox:due'), id, JSON.stringify(next), due);
  }

  async getCheckpoint(mailbox: string): Promise<MailCheckpoint | null> {
    const json = await this.redis.get(this.#k(`checkpoint:${mailbox}`));
    return json ? (JSON.parse(json) as MailCheckpoint) : null;
  }

  async setCheckpoint(mailbox: string, checkpoint: MailCheckpoint): Promise<void> {
    await this.redis.set(this.#k(`checkpoint:${mailbox}`), JSON.stringify(checkpoint));
  }

  async recordFailure(mailbox: string, mail: string, code: string): Promise<number> {
    return Number(await this.redis.eval(FAIL, 1, this.#k(`failure:${mailbox}`), mail, code));
  }

  async getThread(applicationId: string): Promise<MailThread | null> {
    const json = await this.redis.hget(this.#k('threads'), applicationId);
    return json ? (JSON.parse(json) as MailThread) : null;
  }

  async setThread(thread: MailThread): Promise<void> {
    await this.redis.hset(this.#k('threads'), thread.applicationId, JSON.stringify(thread));
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = this.#k(`lock:${name}`);
    if ((await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
    // Re-acquiring a lock we already hold renews it.
    return this.renewLock(name, owner, ttlMs);
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.#k(`lock:${name}`), owner, ttlMs)) === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.#k(`lock:${name}`), owner);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
