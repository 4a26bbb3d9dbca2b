import type { Redis } from 'ioredis';

/**
 * What the CT watch keeps between polls: the source's `after` cursor per domain (a domain with no cursor
 * has never been polled: its first poll is a baseline) and which certificates were alerted (once each).
 * Promised: `claimAlert` is true for exactly one caller per key (across instances, in Redis).
 */
export interface CtState {
  cursor(domain: string): Promise<string | undefined>;
  setCursor(domain: string, cursor: string): Promise<void>;
  /** Marks the domain as polled (its baseline done) even when the source had nothing for it. */
  markPolled(domain: string): Promise<void>;
  polled(domain: string): Promise<boolean>;
  claimAlert(key: string): Promise<boolean>;
  /** Every polled domain and its cursor ('' when polled with nothing found): for `evssl-bot export`. */
  cursors(): Promise<Array<[domain: string, cursor: string]>>;
}

/** In memory: without REDIS_URL (a restart polls every domain from the start again, as a new baseline). */
export class MemoryCtState implements CtState {
  private readonly cursors_ = new Map<string, string>();
  private readonly seen = new Set<string>();
  private readonly alerts = new Set<string>();

  async cursor(domain: string) {
    return this.cursors_.get(domain);
  }
  async setCursor(domain: string, cursor: string) {
    this.cursors_.set(domain, cursor);
    this.seen.add(domain);
  }
  async markPolled(domain: string) {
    this.seen.add(domain);
  }
  async polled(domain: string) {
    return this.seen.has(domain);
  }
  async cursors(): Promise<Array<[string, string]>> {
    return [...this.seen].map((d) => [d, this.cursors_.get(d) ?? '']);
  }
  async claimAlert(key: string) {
    if (this.alerts.has(key)) return false;
    this.alerts.add(key);
    return true;
  }
}

/** In Redis, under the store's prefix: `ct:cursor` (hash domain → cursor), `ct:alert:<key>` (SET NX). */
export class RedisCtState implements CtState {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'evssl:',
  ) {}

  async cursor(domain: string) {
    const v = await this.redis.hget(`${this.prefix}ct:cursor`, domain);
    return v === null || v === '' ? undefined : v;
  }
  async setCursor(domain: string, cursor: string) {
    await this.redis.hset(`${this.prefix}ct:cursor`, domain, cursor);
  }
  async markPolled(domain: string) {
    await this.redis.hsetnx(`${this.prefix}ct:cursor`, domain, '');
  }
  async polled(domain: string) {
    return (await this.redis.hexists(`${this.prefix}ct:cursor`, domain)) === 1;
  }
  async cursors(): Promise<Array<[string, string]>> {
    return Object.entries(await this.redis.hgetall(`${this.prefix}ct:cursor`));
  }
  async claimAlert(key: string) {
    // Kept 2 years: longer than any certificate lives (398 days at most), so one alert per certificate.
    return (
      (await this.redis.set(`${this.prefix}ct:alert:${key}`, '1', 'EX', 2 * 366 * 86_400, 'NX')) === 'OK'
    );
  }
}
