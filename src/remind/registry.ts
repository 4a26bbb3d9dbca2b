import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CodedError } from '../errors.js';
import type { Team, TrackedCertificate } from './types.js';

/** One certificate per (team, domain): a renewal replaces the entry. */
export function certificateId(team: string, domain: string): string {
  return `c${createHash('sha256').update(`${team}\0${domain.toLowerCase()}`).digest('hex').slice(0, 16)}`;
}

export type UpdateResult =
  | { status: 'saved'; cert: TrackedCertificate }
  | { status: 'missing' }
  | { status: 'unchanged' };

// Compare-and-set on a hash {json, v}: the write lands only if nobody wrote since our read.
const CAS = `
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'v', tonumber(ARGV[1]) + 1)
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[3])
return 1`;

/**
 * The certificate registry in Redis (REDIS_URL): certificates, teams and which thresholds were sent.
 * Promised: `update` is a compare-and-set (concurrent instances never lose a change); `claimSent` is
 * atomic, so one (certificate, generation, threshold) is claimed by exactly one caller.
 * Not promised: an order from `list`; a consistent snapshot across several certificates.
 */
export class RedisCertificateRegistry {
  readonly #redis: Redis;
  readonly #p: string;

  constructor(redis: Redis, prefix = 'evssl:') {
    this.#redis = redis;
    this.#p = `${prefix}remind:`;
    if (!('evsslCas' in redis)) redis.defineCommand('evsslCas', { numberOfKeys: 3, lua: CAS });
  }

  #key(id: string) {
    return `${this.#p}cert:${id}`;
  }

  async get(id: string): Promise<TrackedCertificate | null> {
    const json = await this.#redis.hget(this.#key(id), 'json');
    return json ? (JSON.parse(json) as TrackedCertificate) : null;
  }

  /**
   * Reads, applies `change` and writes back with compare-and-set, retrying on a concurrent write.
   * `change` returns undefined to leave the certificate as it is; with `create`, a missing one is made.
   */
  async update(
    id: string,
    change: (current: TrackedCertificate | null) => TrackedCertificate | undefined,
  ): Promise<UpdateResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const [json, v] = await this.#redis.hmget(this.#key(id), 'json', 'v');
      const current = json ? (JSON.parse(json) as TrackedCertificate) : null;
      const next = change(current);
      if (!next) return current ? { status: 'unchanged' } : { status: 'missing' };
      const ok = await (this.#redis as unknown as Cas).evsslCas(
        this.#key(id),
        `${this.#p}certs`,
        `${this.#p}team-certs:${next.team}`,
        v ?? '0',
        JSON.stringify(next),
        id,
      );
      if (ok === 1) return { status: 'saved', cert: next };
    }
    throw new CodedError('store_contention', `certificate ${id}: gave up after repeated concurrent updates`);
  }

  async remove(id: string): Promise<boolean> {
    const cert = await this.get(id);
    if (!cert) return false;
    await this.#redis
      .multi()
      .del(this.#key(id), this.#sentKey(id))
      .srem(`${this.#p}certs`, id)
      .srem(`${this.#p}team-certs:${cert.team}`, id)
      .exec();
    return true;
  }

  /** The certificates of one team, or (without a team) up to `limit` of all of them. */
  async list(options: { team?: string; limit?: number } = {}): Promise<TrackedCertificate[]> {
    const limit = options.limit ?? 1000;
    let ids: string[] = [];
    if (options.team) ids = await this.#redis.smembers(`${this.#p}team-certs:${options.team}`);
    else {
      let cursor = '0';
      do {
        const [next, batch] = await this.#redis.sscan(`${this.#p}certs`, cursor, 'COUNT', 500);
        ids.push(...batch);
        cursor = next;
      } while (cursor !== '0' && ids.length < limit);
    }
    ids = ids.slice(0, limit);
    if (ids.length === 0) return [];
    const pipe = this.#redis.pipeline();
    for (const id of ids) pipe.hget(this.#key(id), 'json');
    const rows = (await pipe.exec()) ?? [];
    return rows.flatMap(([, json]) =>
      typeof json === 'string' ? [JSON.parse(json) as TrackedCertificate] : [],
    );
  }

  async count(): Promise<number> {
    return this.#redis.scard(`${this.#p}certs`);
  }

  #sentKey(id: string) {
    return `${this.#p}sent:${id}`;
  }

  /** Thresholds already sent for this generation of the certificate. */
  async sent(id: string, generation: number): Promise<number[]> {
    const all = await this.#redis.smembers(this.#sentKey(id));
    return all.flatMap((s) => {
      const [g, t] = s.split(':');
      return Number(g) === generation ? [Number(t)] : [];
    });
  }

  /** Claims (certificate, generation, threshold): true for exactly one caller, ever. */
  async claimSent(id: string, generation: number, threshold: number): Promise<boolean> {
    return (await this.#redis.sadd(this.#sentKey(id), `${generation}:${threshold}`)) === 1;
  }

  /** Gives a claim back after a failed delivery, so the retry can send it. */
  async releaseSent(id: string, generation: number, threshold: number): Promise<void> {
    await this.#redis.srem(this.#sentKey(id), `${generation}:${threshold}`);
  }

  /** A one-off claim (a nudge): true for exactly one caller while the key lives. */
  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.#redis.set(`${this.#p}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async releaseOnce(key: string): Promise<void> {
    await this.#redis.del(`${this.#p}once:${key}`);
  }

  async getTeam(id: string): Promise<Team | null> {
    const json = await this.#redis.get(`${this.#p}team:${id}`);
    return json ? (JSON.parse(json) as Team) : null;
  }

  async putTeam(team: Team): Promise<void> {
    await this.#redis.set(`${this.#p}team:${team.id}`, JSON.stringify(team));
  }

  /** Creates the team only if it does not exist yet (an operator's settings are never overwritten). */
  async ensureTeam(team: Team): Promise<void> {
    await this.#redis.set(`${this.#p}team:${team.id}`, JSON.stringify(team), 'NX');
  }
}

/**
 * The registry port: what the reminder services call (RedisCertificateRegistry's public methods). The
 * embedded SQLite registry (sqlite-registry.ts) implements the same.
 */
export type CertificateRegistry = Pick<RedisCertificateRegistry, keyof RedisCertificateRegistry>;

type Cas = {
  evsslCas(k1: string, k2: string, k3: string, v: string, json: string, id: string): Promise<number>;
};
