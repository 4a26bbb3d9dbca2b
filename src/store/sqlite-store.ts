import type Database from 'better-sqlite3';
import type { Application } from '../flow/state.js';
import { AppCodec } from './app-codec.js';
import {
  type ApplicationStore,
  type AuditEntry,
  indexedTerm,
  indexTerms,
  type ListFilter,
  matchesFilter,
  type OutboxEntry,
  type SaveRequest,
  type SaveResult,
  type StoredApplication,
  type TurnRead,
} from './application-store.js';
import type { DataKeys } from './data-keys.js';
import { AuditCodec } from './redis-audit.js';
import { expiryFor, pruneIssued, type RetentionSettings } from './retention.js';
import { closeDatabase, type OpenOptions, openDatabase } from './sqlite-open.js';

/** The audit trail is trimmed to its cap on every so many versions of an application, not on each. */
const AUDIT_TRIM_EVERY = 16;

export interface SqliteStoreOptions {
  /** The database file (created with its folder); `:memory:` for a throw-away one. */
  path: string;
  keys: DataKeys;
  eventTtlMs?: number;
  auditCap?: number;
  now?: () => number;
  retention?: RetentionSettings;
  /** See OpenOptions.hold: false for a command working beside a running bot. */
  hold?: OpenOptions['hold'];
}

interface AppRow {
  version: number;
  state: string;
  blob: string;
  terms: string;
  expires_at: number | null;
}

/**
 * The durable embedded store: one SQLite file (WAL), held by one process. Personal data is sealed as in
 * Redis (app-codec.ts: the plain step state beside one AES-256-GCM envelope; audit actors and owed
 * replies sealed too). `save` is one transaction over every table it writes.
 */
export class SqliteApplicationStore implements ApplicationStore {
  readonly #db: Database.Database;
  readonly #codec: AppCodec;
  readonly #audit: AuditCodec;
  readonly #keys: DataKeys;
  readonly #eventTtlMs: number;
  readonly #auditCap: number;
  readonly #now: () => number;
  readonly #retention: RetentionSettings | undefined;
  readonly #q;

  constructor(options: SqliteStoreOptions) {
    this.#db = openDatabase(options.path, { hold: options.hold ?? true });
    this.#keys = options.keys;
    this.#codec = new AppCodec(options.keys);
    this.#audit = new AuditCodec(options.keys);
    this.#eventTtlMs = options.eventTtlMs ?? 7 * 24 * 3600 * 1000;
    this.#auditCap = options.auditCap ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#retention = options.retention;
    const p = (sql: string) => this.#db.prepare(sql);
    this.#q = {
      app: p('SELECT version, state, blob, terms, expires_at FROM apps WHERE id = ?'),
      expiresAt: p('SELECT expires_at FROM apps WHERE id = ?'),
      putApp: p(
        `INSERT INTO apps (id, version, state, blob, terms, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, state = excluded.state,
         blob = excluded.blob, terms = excluded.terms, expires_at = excluded.expires_at`,
      ),
      event: p('SELECT until FROM events WHERE id = ?'),
      putEvent: p('INSERT OR REPLACE INTO events (id, until) VALUES (?, ?)'),
      binding: p('SELECT app_id FROM bindings WHERE conversation = ?'),
      delBinding: p('DELETE FROM bindings WHERE conversation = ?'),
      putBinding: p('INSERT INTO bindings (conversation, app_id) VALUES (?, ?)'),
      conversations: p('SELECT conversation FROM bindings WHERE app_id = ? ORDER BY seq'),
      addTerm: p('INSERT OR IGNORE INTO terms (term, app_id) VALUES (?, ?)'),
      delTerm: p('DELETE FROM terms WHERE term = ? AND app_id = ?'),
      byTerm: p('SELECT app_id FROM terms WHERE term = ?'),
      allIds: p('SELECT id FROM apps'),
      putAudit: p('INSERT INTO audit (app_id, entry) VALUES (?, ?)'),
      trimAudit: p(
        // Everything older than the newest `cap`: one walk down the (app_id, seq) index. `NOT IN (… LIMIT
        // cap)` read every audit row of the application on every turn (the warm turn was 0.03x bench:store's
        // raw upsert once an application had a few thousand lines).
        `DELETE FROM audit WHERE app_id = ? AND seq <=
         (SELECT seq FROM audit WHERE app_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
      ),
      audit: p(
        'SELECT entry FROM (SELECT seq, entry FROM audit WHERE app_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
      ),
      shown: p('SELECT question FROM shown WHERE app_id = ? AND conversation = ?'),
      putShown: p('INSERT OR REPLACE INTO shown (app_id, conversation, question) VALUES (?, ?, ?)'),
      putOutbox: p('INSERT INTO outbox (app_id, id, at, body) VALUES (?, ?, ?, ?)'),
      outbox: p('SELECT id, at, body FROM outbox WHERE app_id = ? ORDER BY seq'),
      delOutbox: p('DELETE FROM outbox WHERE app_id = ? AND id = ?'),
      owed: p(
        `SELECT app_id, MIN(at) AS first FROM outbox GROUP BY app_id HAVING first <= ?
         ORDER BY first LIMIT ?`,
      ),
      lease: p('SELECT holder, until FROM leases WHERE app_id = ?'),
      putLease: p('INSERT OR REPLACE INTO leases (app_id, holder, until) VALUES (?, ?, ?)'),
      delLease: p('DELETE FROM leases WHERE app_id = ? AND holder = ?'),
    };
  }

  async loadForTurn(conversation: string, eventId?: string): Promise<TurnRead> {
    const applicationId = this.#resolved(conversation);
    const duplicate = eventId !== undefined && this.#processed(eventId);
    const stored = applicationId ? this.#load(applicationId) : null;
    const shown = stored ? this.#shown(stored.app.id, conversation) : undefined;
    return { applicationId, stored, duplicate, ...(shown !== undefined ? { shown } : {}) };
  }

  async load(id: string): Promise<StoredApplication | null> {
    return this.#load(id);
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    return this.#db.transaction(() => this.#save(request))();
  }

  #save(request: SaveRequest): SaveResult {
    const { expectedVersion, eventId, audit, bind } = request;
    const retention = this.#retention;
    const app = retention ? pruneIssued(request.app, retention.issuedKeep) : request.app;
    if (eventId !== undefined && this.#processed(eventId)) return { status: 'duplicate' };
    const row = this.#live(app.id);
    if ((row?.version ?? 0) !== expectedVersion) {
      const shown = request.shown && this.#shown(app.id, request.shown.conversation);
      return { status: 'conflict', current: this.#load(app.id), ...(shown !== undefined ? { shown } : {}) };
    }
    if (request.claim) {
      const bound = this.#resolved(request.claim.conversation);
      if (bound !== null && bound !== request.claim.expected && bound !== app.id) {
        return { status: 'bound', applicationId: bound };
      }
    }
    const version = expectedVersion + 1;
    const { state, entry } = this.#codec.encode(app);
    // Filed under keyed tokens (as in Redis): a term names a member's address, personal data.
    const terms = indexTerms(app).map((t) => this.#keys.indexTokens(t)[0]!);
    const before = row ? (JSON.parse(row.terms) as string[]) : [];
    for (const t of before) if (!terms.includes(t)) this.#q.delTerm.run(t, app.id);
    for (const t of terms) if (!before.includes(t)) this.#q.addTerm.run(t, app.id);
    const expires = retention ? this.#now() + expiryFor(app, retention) : null;
    this.#q.putApp.run(app.id, version, state, entry.sealed, JSON.stringify(terms), expires);
    if (eventId !== undefined) this.#q.putEvent.run(eventId, this.#now() + this.#eventTtlMs);
    if (audit) {
      this.#q.putAudit.run(app.id, this.#audit.encode(app.id, audit));
      // Trimmed every AUDIT_TRIM_EVERY versions (a DELETE per turn cost a tenth of the turn); `audit`
      // reads the newest `auditCap` lines only, so the cap holds for readers between trims.
      if (version % AUDIT_TRIM_EVERY === 0) this.#q.trimAudit.run(app.id, app.id, this.#auditCap);
    }
    for (const conversation of bind ?? []) this.#bind(conversation, app.id);
    if (request.claim) this.#bind(request.claim.conversation, app.id);
    if (request.shown) this.#q.putShown.run(app.id, request.shown.conversation, request.shown.question);
    const at = this.#now();
    const outbox: OutboxEntry[] = (request.outbox ?? []).map((e, i) => ({
      conversation: e.conversation,
      replies: e.replies,
      lang: e.lang,
      id: `${version}.${i}`,
      at,
    }));
    for (const e of outbox) {
      this.#q.putOutbox.run(app.id, e.id, at, this.#keys.sealJson(e, `${app.id}:outbox`));
    }
    return { status: 'saved', version, outbox: structuredClone(outbox) };
  }

  async owed(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = this.#q.owed.all(this.#now() - olderThanMs, limit) as { app_id: string }[];
    return rows.map((r) => r.app_id);
  }

  async claimOwed(applicationId: string, holder: string, leaseMs: number): Promise<OutboxEntry[] | null> {
    return this.#db.transaction(() => {
      const now = this.#now();
      const lease = this.#q.lease.get(applicationId) as { holder: string; until: number } | undefined;
      if (lease && lease.until > now && lease.holder !== holder) return null;
      this.#q.putLease.run(applicationId, holder, now + leaseMs);
      const rows = this.#q.outbox.all(applicationId) as { body: string }[];
      return rows.map((r) => this.#keys.openJson(r.body, `${applicationId}:outbox`) as OutboxEntry);
    })();
  }

  async delivered(applicationId: string, ids: string[], holder?: string): Promise<void> {
    this.#db.transaction(() => {
      for (const id of ids) this.#q.delOutbox.run(applicationId, id);
      if (holder !== undefined) this.#q.delLease.run(applicationId, holder);
    })();
  }

  async claimEvent(eventId: string): Promise<boolean> {
    return this.#db.transaction(() => {
      if (this.#processed(eventId)) return false;
      this.#q.putEvent.run(eventId, this.#now() + this.#eventTtlMs);
      return true;
    })();
  }

  async isProcessed(eventId: string, _applicationId?: string): Promise<boolean> {
    return this.#processed(eventId);
  }

  async resolve(conversation: string): Promise<string | null> {
    return this.#resolved(conversation);
  }

  async bind(conversation: string, applicationId: string): Promise<void> {
    this.#bind(conversation, applicationId);
  }

  async conversations(applicationId: string): Promise<string[]> {
    if (this.#expired(applicationId)) return [];
    const rows = this.#q.conversations.all(applicationId) as { conversation: string }[];
    return rows.map((r) => r.conversation);
  }

  async list(filter: ListFilter = {}): Promise<StoredApplication[]> {
    const by = indexedTerm(filter);
    const ids = new Set<string>();
    if (by === undefined) for (const r of this.#q.allIds.all() as { id: string }[]) ids.add(r.id);
    else {
      for (const token of this.#keys.indexTokens(by.term)) {
        for (const r of this.#q.byTerm.all(token) as { app_id: string }[]) ids.add(r.app_id);
      }
    }
    const out: StoredApplication[] = [];
    for (const id of ids) {
      const s = this.#load(id);
      if (s && matchesFilter(s.app, filter)) out.push(s);
    }
    return out;
  }

  async audit(applicationId: string): Promise<AuditEntry[]> {
    if (this.#expired(applicationId)) return [];
    const rows = this.#q.audit.all(applicationId, this.#auditCap) as { entry: string }[];
    return rows.map((r) => this.#audit.decode(applicationId, ['e', r.entry]));
  }

  /**
   * The open database, for the other embedded state of this process (mail state, reminders): one
   * connection, one process lock. They never close it; `close` does.
   */
  get database(): Database.Database {
    return this.#db;
  }

  /** The data keys personal data is sealed with (the mail state seals its messages with them too). */
  get keys(): DataKeys {
    return this.#keys;
  }

  async close(): Promise<void> {
    closeDatabase(this.#db);
  }

  #load(id: string): StoredApplication | null {
    const row = this.#live(id);
    if (!row) return null;
    const entry = this.#codec.decode(id, row.state, row.blob);
    return { app: this.#codec.read(entry) as Application, version: row.version };
  }

  #processed(eventId: string): boolean {
    const row = this.#q.event.get(eventId) as { until: number } | undefined;
    return row !== undefined && row.until > this.#now();
  }

  #shown(applicationId: string, conversation: string): string | null | undefined {
    const row = this.#q.shown.get(applicationId, conversation) as { question: string | null } | undefined;
    return row?.question;
  }

  #resolved(conversation: string): string | null {
    const row = this.#q.binding.get(conversation) as { app_id: string } | undefined;
    if (!row || this.#expired(row.app_id)) return null;
    return row.app_id;
  }

  #bind(conversation: string, applicationId: string): void {
    const row = this.#q.binding.get(conversation) as { app_id: string } | undefined;
    if (row?.app_id === applicationId) return;
    this.#q.delBinding.run(conversation);
    this.#q.putBinding.run(conversation, applicationId);
  }

  /** An application that existed and is past its retention (forgotten here, with what hangs on it). */
  #expired(id: string): boolean {
    const row = this.#q.expiresAt.get(id) as { expires_at: number | null } | undefined;
    if (row === undefined || row.expires_at === null || row.expires_at > this.#now()) return false;
    return this.#live(id) === undefined; // forgets it (and what hangs on it)
  }

  #live(id: string): AppRow | undefined {
    const row = this.#q.app.get(id) as AppRow | undefined;
    if (!row || row.expires_at === null || row.expires_at > this.#now()) return row;
    this.#db.transaction(() => {
      for (const table of ['terms', 'bindings', 'audit', 'shown', 'outbox', 'leases']) {
        this.#db.prepare(`DELETE FROM ${table} WHERE app_id = ?`).run(id);
      }
      this.#db.prepare('DELETE FROM apps WHERE id = ?').run(id);
    })();
    return undefined;
  }
}
