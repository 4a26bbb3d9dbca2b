import type Database from 'better-sqlite3';
import { CodedError } from '../errors.js';
import type { CertificateRegistry, UpdateResult } from './registry.js';
import type { Team, TrackedCertificate } from './types.js';

/**
 * The certificate registry in the embedded SQLite database (the same port as RedisCertificateRegistry:
 * CertificateRegistry). Every write is one statement or one transaction; `update` compare-and-sets on a
 * version column like the Redis one does on its hash, so a `certs` command run beside the bot never
 * loses the bot's change (or the other way round). Stored as plain JSON, as in Redis: domains, teams and
 * the team's reminder addresses, no applicant data.
 */
export class SqliteCertificateRegistry implements CertificateRegistry {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #q;

  constructor(db: Database.Database, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      get: p('SELECT json, v FROM remind_certs WHERE id = ?'),
      insert: p('INSERT OR IGNORE INTO remind_certs (id, team, v, json) VALUES (?, ?, 1, ?)'),
      cas: p('UPDATE remind_certs SET team = ?, v = v + 1, json = ? WHERE id = ? AND v = ?'),
      remove: p('DELETE FROM remind_certs WHERE id = ?'),
      removeSent: p('DELETE FROM remind_sent WHERE cert_id = ?'),
      byTeam: p('SELECT json FROM remind_certs WHERE team = ? LIMIT ?'),
      all: p('SELECT json FROM remind_certs LIMIT ?'),
      count: p('SELECT COUNT(*) AS n FROM remind_certs'),
      sent: p('SELECT mark FROM remind_sent WHERE cert_id = ?'),
      // Never on a removed certificate (as the Redis claim).
      claimSent: p(
        'INSERT OR IGNORE INTO remind_sent (cert_id, mark) SELECT id, ? FROM remind_certs WHERE id = ?',
      ),
      releaseSent: p('DELETE FROM remind_sent WHERE cert_id = ? AND mark = ?'),
      once: p('SELECT until FROM remind_once WHERE key = ?'),
      putOnce: p('INSERT OR REPLACE INTO remind_once (key, until) VALUES (?, ?)'),
      releaseOnce: p('DELETE FROM remind_once WHERE key = ?'),
      team: p('SELECT json FROM remind_teams WHERE id = ?'),
      putTeam: p('INSERT OR REPLACE INTO remind_teams (id, json) VALUES (?, ?)'),
      ensureTeam: p('INSERT OR IGNORE INTO remind_teams (id, json) VALUES (?, ?)'),
    };
  }

  async get(id: string): Promise<TrackedCertificate | null> {
    const row = this.#q.get.get(id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as TrackedCertificate) : null;
  }

  /** As RedisCertificateRegistry.update: read, apply `change`, compare-and-set, retry on a concurrent write. */
  async update(
    id: string,
    change: (current: TrackedCertificate | null) => TrackedCertificate | undefined,
  ): Promise<UpdateResult> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = this.#q.get.get(id) as { json: string; v: number } | undefined;
      const current = row ? (JSON.parse(row.json) as TrackedCertificate) : null;
      const next = change(current);
      if (!next) return current ? { status: 'unchanged' } : { status: 'missing' };
      const json = JSON.stringify(next);
      const r = row ? this.#q.cas.run(next.team, json, id, row.v) : this.#q.insert.run(id, next.team, json);
      if (r.changes === 1) return { status: 'saved', cert: next };
    }
    throw new CodedError('store_contention', `certificate ${id}: gave up after repeated concurrent updates`);
  }

  async remove(id: string): Promise<boolean> {
    return this.#db.transaction(() => {
      this.#q.removeSent.run(id);
      return this.#q.remove.run(id).changes === 1;
    })();
  }

  async list(options: { team?: string; limit?: number } = {}): Promise<TrackedCertificate[]> {
    const limit = options.limit ?? 1000;
    const rows = (options.team ? this.#q.byTeam.all(options.team, limit) : this.#q.all.all(limit)) as {
      json: string;
    }[];
    return rows.map((r) => JSON.parse(r.json) as TrackedCertificate);
  }

  async count(): Promise<number> {
    return (this.#q.count.get() as { n: number }).n;
  }

  async sent(id: string, generation: number): Promise<number[]> {
    const rows = this.#q.sent.all(id) as { mark: string }[];
    return rows.flatMap(({ mark }) => {
      const [g, t] = mark.split(':');
      return Number(g) === generation ? [Number(t)] : [];
    });
  }

  /** As RedisCertificateRegistry.claim: the marks once claimed here, or null. */
  async claim(id: string, generation: number, threshold: number): Promise<number[] | null> {
    const claimed = this.#q.claimSent.run(`${generation}:${threshold}`, id).changes === 1;
    return claimed ? this.sent(id, generation) : null;
  }

  async releaseSent(id: string, generation: number, threshold: number): Promise<void> {
    this.#q.releaseSent.run(id, `${generation}:${threshold}`);
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.#db.transaction(() => {
      const now = this.#now();
      const row = this.#q.once.get(key) as { until: number } | undefined;
      if (row && row.until > now) return false;
      this.#q.putOnce.run(key, now + ttlSeconds * 1000);
      return true;
    })();
  }

  async releaseOnce(key: string): Promise<void> {
    this.#q.releaseOnce.run(key);
  }

  async getTeam(id: string): Promise<Team | null> {
    const row = this.#q.team.get(id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as Team) : null;
  }

  async putTeam(team: Team): Promise<void> {
    this.#q.putTeam.run(team.id, JSON.stringify(team));
  }

  async ensureTeam(team: Team): Promise<void> {
    this.#q.ensureTeam.run(team.id, JSON.stringify(team));
  }
}
