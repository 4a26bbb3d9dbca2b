import { ReplyError } from 'ioredis';
import { codeOf } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { RedisClient } from './redis-connection.js';
import { StoreUnavailableError } from './store-errors.js';

/**
 * How the Redis store talks to Redis when Redis may be away. A reply error (a bug, a script error) is
 * thrown as is; a connection problem becomes StoreUnavailableError saying whether anything committed.
 */
export class RedisCalls {
  constructor(
    private readonly client: RedisClient,
    private readonly settleMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  /** A read that fails was not a write: nothing committed, the caller may say "send it again". */
  async read<T>(op: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') throw this.unavailable(false);
    try {
      return await op();
    } catch (err) {
      if (err instanceof ReplyError) throw err;
      throw this.unavailable(false, err);
    }
  }

  /**
   * A write. Not sent (Redis away): nothing committed. Sent and the answer lost: wait for Redis to come
   * back and resend the same script — its write token makes the resend report the first commit instead
   * of committing twice. Still unknown after that: say so.
   */
  async write<T>(op: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') throw this.unavailable(false);
    try {
      return await op();
    } catch (err) {
      if (err instanceof ReplyError) throw err;
      this.logger?.warn({ code: codeOf(err) }, 'Redis write lost its answer: resending after reconnect');
      if (!(await this.ready())) throw this.unavailable('unknown', err);
      try {
        return await op();
      } catch (again) {
        if (again instanceof ReplyError) throw again;
        throw this.unavailable('unknown', again);
      }
    }
  }

  private ready(): Promise<boolean> {
    if (this.client.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), this.settleMs);
      this.client.on('ready', onReady);
    });
  }

  private unavailable(committed: false | 'unknown', cause?: unknown): StoreUnavailableError {
    // The connection's own events log the outage once (redis-connection.ts); this is per call.
    const level = committed === 'unknown' ? 'warn' : 'debug';
    this.logger?.[level]({ committed, code: cause ? codeOf(cause) : 'not_connected' }, 'Redis unavailable');
    return new StoreUnavailableError(committed);
  }
}
