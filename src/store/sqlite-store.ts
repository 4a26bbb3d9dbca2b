import type Database from 'better-sqlite3';
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
import { SqliteCache } from './sqlite-cache.js';
import { closeDatabase, type OpenOptions, openDatabase } from './sqlite-open.js';
import { SqliteRows } from './sqlite-rows.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';

/** The audit trail is trimmed to its cap on every so many versions of an application, not on each. */
const AUDIT_TRIM_EVERY = 16;
/** Event ids past their time are deleted on every so many saves (and at open): the table stays ~7 days. */
const EVENT_PRUNE_EVERY = 4096;

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
  /** Applications held decoded in this process (default 1000; 0 turns the cache off). */
  cacheSize?: number;
}

/**
 * The durable embedded store: one SQLite file (WAL), held by one process. Personal data is sealed as in
 * Redis (app-codec.ts: the plain step state beside one AES-256-GCM envelope; audit actors and owed
 * replies sealed too). `save` is one transaction over every table it writes. Applications, bindings and
 * shown questions are cached in-process (sqlite-cache.ts): a warm turn reads no row and decrypts nothing,
 * and its save writes the event id, the compare-and-set on the application row and the audit line (and
 * the shown question and owed replies when they change).
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
  readonly #q: SqliteStatements;
  readonly #cache: SqliteCache;
  readonly #rows: SqliteRows;
  readonly #tx;
  #saves = 0;

  constructor(options: SqliteStoreOptions) {
    this.#db = openDatabase(options.path, { hold: options.hold ?? true });
    this.#keys = options.keys;
    this.#codec = new AppCodec(options.keys);
    this.#audit = new AuditCodec(options.keys);
    this.#eventTtlMs = options.eventTtlMs ?? 7 * 24 * 3600 * 1000;
    this.#auditCap = options.auditCap ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#retention = options.retention;
    this.#q = prepareStatements(this.#db);
    this.#cache = new SqliteCache(options.cacheSize ?? 1000, () => this.#q.dataVersion.get() as number);
    this.#rows = new SqliteRows(this.#db, this.#q, this.#cache, this.#codec, this.#now);
    // BEGIN IMMEDIATE: the write lock first, so the cache is synced (and the version compared) against
    // the file as it stays until COMMIT; a deferred BEGIN would fail with SQLITE_BUSY_SNAPSHOT when a
    // command beside the bot commits between this transaction's first read and its first write.
    this.#tx = ['BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK'].map((sql) => this.#db.prepare(sql)) as [
      Database.Statement,
      Database.Statement,
      Database.Statement,
    ];
    // At open by the process that holds the file (a command beside the bot writes nothing it need not).
    if (options.hold ?? true) this.#q.pruneEvents.run(this.#now());
  }

  async loadForTurn(conversation: string, eventId?: string): Promise<TurnRead> {
    this.#cache.sync();
    const applicationId = this.#rows.resolved(conversation);
    const cached = applicationId ? this.#rows.cached(applicationId) : undefined;
    if (cached) {
      // No row read and nothing decrypted. The event id is not looked up: `save` answers a duplicate
      // (its INSERT of the event id is the check), as the contract lets a cached read do.
      const shown = this.#rows.shown(cached.value.id, conversation);
      return {
        applicationId,
        stored: { app: this.#codec.read(cached), version: cached.version },
        duplicate: false,
        ...(shown !== undefined ? { shown } : {}),
      };
    }
    const duplicate = eventId !== undefined && this.#rows.processed(eventId);
    const stored = applicationId ? this.#rows.load(applicationId) : null;
    const shown = stored ? this.#rows.shown(stored.app.id, conversation) : undefined;
    return { applicationId, stored, duplicate, ...(shown !== undefined ? { shown } : {}) };
  }

  async load(id: string): Promise<StoredApplication | null> {
    this.#cache.sync();
    return this.#rows.load(id);
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const result = this.#write(() => this.#save(request));
    if (result !== 'stale') return result;
    // The row was not at the version the cache said: written behind the cache on this very connection
    // (data_version only sees other connections). Everything cached is forgotten, the row re-read.
    this.#cache.clear();
    const current = this.#rows.load(request.app.id);
    const shown = request.shown && this.#rows.shown(request.app.id, request.shown.conversation);
    return { status: 'conflict', current, ...(shown !== undefined ? { shown } : {}) };
  }

  /** One save's transaction. Refused (duplicate, conflict, bound): rolled back, as it wrote the event id. */
  #save(request: SaveRequest): { result: SaveResult | 'stale'; commit: boolean } {
    this.#cache.sync();
    const { expectedVersion, eventId, audit, bind, claim } = request;
    const retention = this.#retention;
    const app = retention ? pruneIssued(request.app, retention.issuedKeep) : request.app;
    const now = this.#now();
    if (++this.#saves % EVENT_PRUNE_EVERY === 0) this.#q.pruneEvents.run(now);
    if (eventId !== undefined && this.#q.claimEvent.run(eventId, now + this.#eventTtlMs, now).changes === 0) {
      return { result: { status: 'duplicate' }, commit: false };
    }
    const before = this.#rows.before(app.id);
    if ((before?.version ?? 0) !== expectedVersion) {
      const current = before?.entry
        ? { app: this.#codec.read(before.entry), version: before.version }
        : this.#rows.load(app.id);
      const shown = request.shown && this.#rows.shown(app.id, request.shown.conversation);
      return {
        result: { status: 'conflict', current, ...(shown !== undefined ? { shown } : {}) },
        commit: false,
      };
    }
    if (claim) {
      const bound = this.#rows.resolved(claim.conversation);
      if (bound !== null && bound !== claim.expected && bound !== app.id) {
        return { result: { status: 'bound', applicationId: bound }, commit: false };
      }
    }
    const version = expectedVersion + 1;
    const { state, entry, reused } = this.#codec.encode(app, before?.entry);
    // Filed under keyed tokens (as in Redis): a term names a member's address, personal data. Every
    // input of the terms is in the sealed personal part, so a reused envelope means the same terms.
    const terms =
      reused && before?.entry
        ? before.entry.terms
        : indexTerms(app).map((t) => this.#keys.indexTokens(t)[0]!);
    if (terms !== before?.terms) {
      const old = before?.terms ?? [];
      for (const t of old) if (!terms.includes(t)) this.#q.delTerm.run(t, app.id);
      for (const t of terms) if (!old.includes(t)) this.#q.addTerm.run(t, app.id);
    }
    const expiresAt = retention ? now + expiryFor(app, retention) : null;
    const q = this.#q;
    if (!before) q.insertApp.run(app.id, version, state, entry.sealed, JSON.stringify(terms), expiresAt);
    else if (
      (reused
        ? q.updateState.run(version, state, expiresAt, app.id, expectedVersion)
        : q.updateApp.run(
            version,
            state,
            entry.sealed,
            JSON.stringify(terms),
            expiresAt,
            app.id,
            expectedVersion,
          )
      ).changes !== 1
    ) {
      return { result: 'stale', commit: false };
    }
    if (audit) {
      q.putAudit.run(app.id, this.#audit.encode(app.id, audit));
      // Trimmed every AUDIT_TRIM_EVERY versions (a DELETE per turn cost a tenth of the turn); `audit`
      // reads the newest `auditCap` lines only, so the cap holds for readers between trims.
      if (version % AUDIT_TRIM_EVERY === 0) q.trimAudit.run(app.id, app.id, this.#auditCap);
    }
    for (const conversation of bind ?? []) this.#rows.bind(conversation, app.id);
    if (claim) this.#rows.bind(claim.conversation, app.id);
    if (request.shown) this.#rows.putShown(app.id, request.shown.conversation, request.shown.question);
    const outbox: OutboxEntry[] = (request.outbox ?? []).map((e, i) => ({
      conversation: e.conversation,
      replies: e.replies,
      lang: e.lang,
      id: `${version}.${i}`,
      at: now,
    }));
    for (const e of outbox) q.putOutbox.run(app.id, e.id, now, this.#keys.sealJson(e, `${app.id}:outbox`));
    // Cached before COMMIT: a COMMIT that fails clears the cache (#write).
    this.#cache.setApp(app.id, { ...entry, version, terms, expiresAt });
    const written = outbox.length > 0 ? structuredClone(outbox) : [];
    return { result: { status: 'saved', version, outbox: written }, commit: true };
  }

  /** Runs `fn` in a write transaction: committed if it says so, else rolled back (a thrown error too). */
  #write<T>(fn: () => { result: T; commit: boolean }): T {
    const [begin, commit, rollback] = this.#tx;
    begin.run();
    try {
      const out = fn();
      (out.commit ? commit : rollback).run();
      return out.result;
    } catch (e) {
      // Whatever this transaction put in the cache is not in the file.
      this.#cache.clear();
      if (this.#db.inTransaction) rollback.run();
      throw e;
    }
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
    const now = this.#now();
    return this.#q.claimEvent.run(eventId, now + this.#eventTtlMs, now).changes === 1;
  }

  async isProcessed(eventId: string, _applicationId?: string): Promise<boolean> {
    return this.#rows.processed(eventId);
  }

  async resolve(conversation: string): Promise<string | null> {
    this.#cache.sync();
    return this.#rows.resolved(conversation);
  }

  async bind(conversation: string, applicationId: string): Promise<void> {
    this.#write(() => {
      this.#cache.sync();
      this.#rows.bind(conversation, applicationId);
      return { result: undefined, commit: true };
    });
  }

  async conversations(applicationId: string): Promise<string[]> {
    if (this.#rows.expired(applicationId)) return [];
    const rows = this.#q.conversations.all(applicationId) as { conversation: string }[];
    return rows.map((r) => r.conversation);
  }

  async list(filter: ListFilter = {}): Promise<StoredApplication[]> {
    this.#cache.sync();
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
      const s = this.#rows.load(id);
      if (s && matchesFilter(s.app, filter)) out.push(s);
    }
    return out;
  }

  async audit(applicationId: string): Promise<AuditEntry[]> {
    if (this.#rows.expired(applicationId)) return [];
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
}
