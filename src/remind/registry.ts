import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CodedError } from '../errors.js';
import { decodeCert, decodeSent, encodeCert, SENT_FIELD, VERSION_FIELD } from './cert-codec.js';
import type { Team, TrackedCertificate } from './types.js';

/** One certificate per (team, domain): a renewal replaces the entry. */
export function certificateId(team: string, domain: string): string {
  return `c${createHash('sha256').update(`${team}\0${domain.toLowerCase()}`).digest('hex').slice(0, 16)}`;
}

const TEAM_TTL_MS = 1000;

export type UpdateResult =
  | { status: 'saved'; cert: TrackedCertificate }
  | { status: 'missing' }
  | { status: 'unchanged' };

// The sent marks of a certificate hash's `x` field ("generation:t,t"): the thresholds of the latest generation.
const MARKS = `
local function marks(key)
  local x = redis.call('HGET', key, 'x')
  local out = {}
  if not x then return nil, out end
  local g, list = string.match(x, '^(%d+):(.*)$')
  for t in string.gmatch(list, '%d+') do out[#out + 1] = t end
  return tonumber(g), out
end
local function addMark(key, gen, t)
  local g, list = marks(key)
  if g and g > tonumber(gen) then return 0 end
  if g ~= tonumber(gen) then list = {} end
  for _, m in ipairs(list) do if m == t then return 0 end end
  list[#list + 1] = t
  redis.call('HSET', key, 'x', gen .. ':' .. table.concat(list, ','))
  return 1
end`;

// Compare-and-set on the version field `v`: the write lands only if nobody wrote since our read. Only the
// fields that changed are sent (ARGV[4..] = how many to delete, those, then field/value pairs). Reading an
// old-layout hash (ARGV[3] = '1') also moves its sent set (KEYS[4]) into the `x` field.
const CAS = `${MARKS}
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[4])
if n > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, 5, 4 + n)) end
if #ARGV > 4 + n then redis.call('HSET', KEYS[1], unpack(ARGV, 5 + n)) end
redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) + 1)
if ARGV[1] == '0' then
  redis.call('SADD', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[2])
end
if ARGV[3] ~= '0' then
  for _, m in ipairs(redis.call('SMEMBERS', KEYS[4])) do
    local g, t = string.match(m, '^(%d+):(%d+)$')
    if g == ARGV[3] then addMark(KEYS[1], g, t) end
  end
  redis.call('DEL', KEYS[4])
end
return 1`;

// Claims (generation, threshold) once: never on a removed certificate, nor one an old-layout set holds.
// Claimed: the marks as the claim left them (the `x` field, then the old-layout set), so the caller plans
// the next threshold without reading them again; not claimed: 0.
const CLAIM = `${MARKS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1] .. ':' .. ARGV[2]) == 1 then return 0 end
if addMark(KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
return {redis.call('HGET', KEYS[1], 'x'), redis.call('SMEMBERS', KEYS[2])}`;

const RELEASE = `${MARKS}
redis.call('SREM', KEYS[2], ARGV[1] .. ':' .. ARGV[2])
local g, list = marks(KEYS[1])
if g ~= tonumber(ARGV[1]) then return 0 end
local kept = {}
for _, m in ipairs(list) do if m ~= ARGV[2] then kept[#kept + 1] = m end end
redis.call('HSET', KEYS[1], 'x', ARGV[1] .. ':' .. table.concat(kept, ','))
return 1`;

/** What a read saw: the version and the stored fields (for a write of only what changed). */
interface Seen {
  v: string;
  fields: Record<string, string>;
  legacy: boolean;
}

/**
 * The certificate registry in Redis (REDIS_URL): certificates, teams and which thresholds were sent.
 * Promised: `update` is a compare-and-set (concurrent instances never lose a change); `claim` is
 * atomic, so one (certificate, generation, threshold) is claimed by exactly one caller.
 * Not promised: an order from `list`; a consistent snapshot across several certificates.
 *
 * Layout (cert-codec.ts): one compact hash per certificate (`remind:cert:<id>`, its sent marks in the
 * same hash), the sets `remind:certs` and `remind:team-certs:<team>`, a string per team. The layout
 * before (a `json` field, a `remind:sent:<id>` set) is read as it is and rewritten at the next update.
 */
export class RedisCertificateRegistry {
  readonly #redis: Redis;
  readonly #p: string;
  /** The version and fields each returned certificate was read or written with (a later update skips its read). */
  readonly #seen = new WeakMap<TrackedCertificate, Seen>();
  /** Teams as last read, until a second has passed (getTeam). */
  readonly #teams = new Map<string, { team: Team | null; until: number }>();

  constructor(redis: Redis, prefix = 'evssl:') {
    this.#redis = redis;
    this.#p = `${prefix}remind:`;
    if (!('evsslCertCas' in redis)) {
      redis.defineCommand('evsslCertCas', { numberOfKeys: 4, lua: CAS });
      redis.defineCommand('evsslClaimSent', { numberOfKeys: 2, lua: CLAIM });
      redis.defineCommand('evsslReleaseSent', { numberOfKeys: 2, lua: RELEASE });
    }
  }

  #key(id: string) {
    return `${this.#p}cert:${id}`;
  }

  /** The old layout's sent set (read and emptied by the first update). */
  #sentKey(id: string) {
    return `${this.#p}sent:${id}`;
  }

  #decode(id: string, hash: Record<string, string>): TrackedCertificate | null {
    const cert = decodeCert(id, hash);
    if (!cert) return null;
    const { [VERSION_FIELD]: v, [SENT_FIELD]: _x, ...fields } = hash;
    this.#seen.set(cert, { v: v ?? '0', fields, legacy: 'json' in hash });
    return cert;
  }

  async get(id: string): Promise<TrackedCertificate | null> {
    return this.#decode(id, await this.#redis.hgetall(this.#key(id)));
  }

  /**
   * Reads, applies `change` and writes back with compare-and-set, retrying on a concurrent write.
   * `change` returns undefined to leave the certificate as it is; with `create`, a missing one is made.
   * `from`: a certificate this registry just returned, taken as the current one without a read (if it is
   * not current any more, the compare-and-set fails and the next try reads).
   */
  async update(
    id: string,
    change: (current: TrackedCertificate | null) => TrackedCertificate | undefined,
    from?: TrackedCertificate,
  ): Promise<UpdateResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const hinted = attempt === 0 && from?.id === id ? from : undefined;
      const current = hinted && this.#seen.has(hinted) ? hinted : await this.get(id);
      const seen = current ? this.#seen.get(current)! : { v: '0', fields: {}, legacy: false };
      const next = change(current);
      if (!next) return current ? { status: 'unchanged' } : { status: 'missing' };
      const fields = encodeCert({ ...next, id });
      const dels = Object.keys(seen.fields).filter((f) => !(f in fields));
      const sets = Object.entries(fields).flatMap(([f, v]) => (seen.fields[f] === v ? [] : [f, v]));
      const ok = await (this.#redis as unknown as Scripts).evsslCertCas(
        this.#key(id),
        `${this.#p}certs`,
        `${this.#p}team-certs:${next.team}`,
        this.#sentKey(id),
        seen.v,
        id,
        seen.legacy ? String(next.generation) : '0',
        String(dels.length),
        ...dels,
        ...sets,
      );
      if (ok === 1) {
        this.#seen.set(next, { v: String(Number(seen.v) + 1), fields, legacy: false });
        return { status: 'saved', cert: next };
      }
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
    for (const id of ids) pipe.hgetall(this.#key(id));
    const rows = (await pipe.exec()) ?? [];
    return rows.flatMap(([, hash], i) => {
      const cert = hash ? this.#decode(ids[i]!, hash as Record<string, string>) : null;
      return cert ? [cert] : [];
    });
  }

  async count(): Promise<number> {
    return this.#redis.scard(`${this.#p}certs`);
  }

  /** Thresholds already sent for this generation of the certificate. */
  async sent(id: string, generation: number): Promise<number[]> {
    const [[, x], [, legacy]] = (await this.#redis
      .pipeline()
      .hget(this.#key(id), SENT_FIELD)
      .smembers(this.#sentKey(id))
      .exec()) as [[unknown, string | null], [unknown, string[]]];
    return mergeSent(x, legacy, generation);
  }

  /**
   * Claims (certificate, generation, threshold) for exactly one caller, ever. That caller gets, in the
   * same call, the thresholds sent for this generation once the claim is in (this one included); every
   * other caller gets null.
   */
  async claim(id: string, generation: number, threshold: number): Promise<number[] | null> {
    const s = this.#redis as unknown as Scripts;
    const out = await s.evsslClaimSent(this.#key(id), this.#sentKey(id), generation, threshold);
    return Array.isArray(out) ? mergeSent(out[0], out[1], generation) : null;
  }

  /** Gives a claim back after a failed delivery, so the retry can send it. */
  async releaseSent(id: string, generation: number, threshold: number): Promise<void> {
    const s = this.#redis as unknown as Scripts;
    await s.evsslReleaseSent(this.#key(id), this.#sentKey(id), generation, threshold);
  }

  /** A one-off claim (a nudge): true for exactly one caller while the key lives. */
  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.#redis.set(`${this.#p}once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async releaseOnce(key: string): Promise<void> {
    await this.#redis.del(`${this.#p}once:${key}`);
  }

  /**
   * A team's settings, read from Redis at most once a second per team on this instance (each reminder
   * reads its team: a tenth of a dispatch's Redis calls). A change made through this registry is seen at
   * once; one made by another instance within a second.
   */
  async getTeam(id: string): Promise<Team | null> {
    const now = performance.now();
    const hit = this.#teams.get(id);
    if (hit && hit.until > now) return hit.team;
    const json = await this.#redis.get(`${this.#p}team:${id}`);
    const team = json ? (JSON.parse(json) as Team) : null;
    this.#teams.set(id, { team, until: now + TEAM_TTL_MS });
    if (this.#teams.size > 10_000) this.#teams.delete(this.#teams.keys().next().value!);
    return team;
  }

  async putTeam(team: Team): Promise<void> {
    this.#teams.delete(team.id);
    await this.#redis.set(`${this.#p}team:${team.id}`, JSON.stringify(team));
    this.#teams.delete(team.id);
  }

  /** Creates the team only if it does not exist yet (an operator's settings are never overwritten). */
  async ensureTeam(team: Team): Promise<void> {
    await this.#redis.set(`${this.#p}team:${team.id}`, JSON.stringify(team), 'NX');
    this.#teams.delete(team.id);
  }
}

/**
 * The registry port: what the reminder services call (RedisCertificateRegistry's public methods). The
 * embedded SQLite registry (sqlite-registry.ts) implements the same.
 */
export type CertificateRegistry = Pick<RedisCertificateRegistry, keyof RedisCertificateRegistry>;

/** The marks of one generation: the hash's `x` field and an old-layout set's "generation:threshold" members. */
function mergeSent(x: string | null, legacy: string[], generation: number): number[] {
  const old = legacy.flatMap((s) => {
    const [g, t] = s.split(':');
    return Number(g) === generation ? [Number(t)] : [];
  });
  return old.length === 0 ? decodeSent(x, generation) : [...new Set([...decodeSent(x, generation), ...old])];
}

type Scripts = {
  evsslCertCas(k1: string, k2: string, k3: string, k4: string, ...args: string[]): Promise<number>;
  evsslClaimSent(
    k1: string,
    k2: string,
    gen: number,
    threshold: number,
  ): Promise<0 | [string | null, string[]]>;
  evsslReleaseSent(k1: string, k2: string, gen: number, threshold: number): Promise<void>;
};
