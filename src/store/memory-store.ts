import { CodedError } from '../errors.js';
import { type Application, readApplication } from '../flow/state.js';
import {
  type ApplicationStore,
  type AuditEntry,
  indexedTerm,
  indexTerms,
  type ListFilter,
  matchesFilter,
  type NewOutboxEntry,
  type OutboxEntry,
  type SaveRequest,
  type SaveResult,
  type StoredApplication,
  type TurnRead,
} from './application-store.js';
import { copyJson } from './copy-json.js';
import { expiryFor, pruneIssued, type RetentionSettings } from './retention.js';

export interface MemoryStoreOptions {
  /** How long a processed event id is remembered (default 7 days). */
  eventTtlMs?: number;
  /** Audit entries kept per application (default 1000). */
  auditCap?: number;
  now?: () => number;
  /**
   * How long applications are kept (RETENTION_*: the same rules as the Redis store): a cancelled or
   * abandoned application is forgotten after its time, an issued one keeps only `issuedKeep`. Unset:
   * kept for the life of the process.
   */
  retention?: RetentionSettings;
}

interface Entry {
  json: string;
  version: number;
  /** `JSON.parse(json)`, validated, parsed on first load: never handed out (`load` gives a copy). */
  parsed?: Application;
  /**
   * Its `list` index terms (`indexTerms`), to take the application out of them when they change (most
   * saves leave them alone, and skip the index).
   */
  terms: string[];
  /** When it is forgotten (retention), ms; unset: never. */
  expiresAt?: number;
}

/**
 * The embedded default: everything in this process's memory, lost on exit. Values are kept as JSON so
 * what works here is what serialises (the Redis store stores the same JSON).
 */
export class MemoryApplicationStore implements ApplicationStore {
  readonly #apps = new Map<string, Entry>();
  /**
   * `list`'s index: a term of `indexTerms` (`member|…`, `ws|…`, `host|…`, `order|…`) → ids of the
   * applications with that member, with a Slack member of that workspace, whose CSR covers that host,
   * with that CA order number. App Home lists one member after every Slack turn: reading every
   * application for it was a sixth of the bot's CPU with 500 users (bench:slack); each CA mail looks
   * up its order number and domain.
   */
  readonly #index = new Map<string, Set<string>>();
  readonly #events = new Map<string, number>();
  readonly #bindings = new Map<string, string>();
  /** The reverse of #bindings: an application's conversations, in the order they were bound. */
  readonly #conversations = new Map<string, Set<string>>();
  readonly #audit = new Map<string, AuditEntry[]>();
  /** Per application: the question each of its conversations was last shown. */
  readonly #shown = new Map<string, Map<string, string | null>>();
  /** Per application: the replies owed, in commit order, and who holds their delivery lease. */
  readonly #outbox = new Map<string, OutboxEntry[]>();
  readonly #leases = new Map<string, { holder: string; until: number }>();
  readonly #eventTtlMs: number;
  readonly #auditCap: number;
  readonly #now: () => number;
  readonly #retention: RetentionSettings | undefined;
  #savesSinceSweep = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#eventTtlMs = options.eventTtlMs ?? 7 * 24 * 3600 * 1000;
    this.#auditCap = options.auditCap ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#retention = options.retention;
  }

  async loadForTurn(conversation: string, eventId?: string): Promise<TurnRead> {
    const applicationId = await this.resolve(conversation);
    const duplicate = eventId !== undefined && (await this.isProcessed(eventId));
    const stored = applicationId ? await this.load(applicationId) : null;
    const shown = stored ? this.#shown.get(stored.app.id)?.get(conversation) : undefined;
    return { applicationId, stored, duplicate, ...(shown !== undefined ? { shown } : {}) };
  }

  async load(id: string): Promise<StoredApplication | null> {
    const entry = this.#live(id);
    if (!entry) return null;
    if (!entry.parsed) {
      const r = readApplication(JSON.parse(entry.json));
      if (!r.ok) throw new CodedError('application_unreadable', `application ${id}: ${r.reason}`);
      entry.parsed = r.app;
    }
    // Callers change what they get: a copy (4x cheaper than parsing the JSON again).
    return { app: copyJson(entry.parsed) as Application, version: entry.version };
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const { expectedVersion, eventId, audit, bind } = request;
    const retention = this.#retention;
    // After issuance only what renewal needs is stored (the caller keeps its own copy), as in Redis.
    const app = retention ? pruneIssued(request.app, retention.issuedKeep) : request.app;
    // No await from here to the write: two saves of this process never interleave their checks.
    if (eventId !== undefined && this.#processed(eventId)) return { status: 'duplicate' };
    if (retention && ++this.#savesSinceSweep >= 1000) this.#sweep();
    const current = this.#live(app.id);
    if ((current?.version ?? 0) !== expectedVersion) {
      const shown = request.shown && this.#shown.get(app.id)?.get(request.shown.conversation);
      return {
        status: 'conflict',
        current: await this.load(app.id),
        ...(shown !== undefined ? { shown } : {}),
      };
    }
    if (request.claim) {
      const bound = this.#resolved(request.claim.conversation);
      if (bound !== null && bound !== request.claim.expected && bound !== app.id) {
        return { status: 'bound', applicationId: bound };
      }
    }
    const json = JSON.stringify(app);
    const version = expectedVersion + 1;
    const terms = indexTerms(app);
    if (!current || !sameList(terms, current.terms)) this.#reindex(app.id, current?.terms ?? [], terms);
    this.#apps.set(app.id, {
      json,
      version,
      terms,
      ...(retention ? { expiresAt: this.#now() + expiryFor(app, retention) } : {}),
    });
    if (eventId !== undefined) this.#events.set(eventId, this.#now() + this.#eventTtlMs);
    if (audit) {
      const list = this.#audit.get(app.id) ?? [];
      list.push(structuredClone(audit));
      if (list.length > this.#auditCap) list.splice(0, list.length - this.#auditCap);
      this.#audit.set(app.id, list);
    }
    for (const conversation of bind ?? []) this.#bind(conversation, app.id);
    if (request.claim) this.#bind(request.claim.conversation, app.id);
    if (request.shown) {
      const shown = this.#shown.get(app.id) ?? new Map<string, string | null>();
      shown.set(request.shown.conversation, request.shown.question);
      this.#shown.set(app.id, shown);
    }
    const at = this.#now();
    const outbox = (request.outbox ?? []).map((e, i) => ({
      ...(copyJson(e) as NewOutboxEntry),
      id: `${version}.${i}`,
      at,
    }));
    if (outbox.length > 0) this.#outbox.set(app.id, [...(this.#outbox.get(app.id) ?? []), ...outbox]);
    return { status: 'saved', version, outbox: copyJson(outbox) as OutboxEntry[] };
  }

  async owed(olderThanMs: number, limit: number): Promise<string[]> {
    const before = this.#now() - olderThanMs;
    return [...this.#outbox]
      .filter(([, entries]) => entries.length > 0 && entries[0]!.at <= before)
      .sort(([, a], [, b]) => a[0]!.at - b[0]!.at)
      .slice(0, limit)
      .map(([id]) => id);
  }

  async claimOwed(applicationId: string, holder: string, leaseMs: number): Promise<OutboxEntry[] | null> {
    const now = this.#now();
    const lease = this.#leases.get(applicationId);
    if (lease && lease.until > now && lease.holder !== holder) return null;
    this.#leases.set(applicationId, { holder, until: now + leaseMs });
    return copyJson(this.#outbox.get(applicationId) ?? []) as OutboxEntry[];
  }

  async delivered(applicationId: string, ids: string[], holder?: string): Promise<void> {
    const left = (this.#outbox.get(applicationId) ?? []).filter((e) => !ids.includes(e.id));
    if (left.length > 0) this.#outbox.set(applicationId, left);
    else this.#outbox.delete(applicationId);
    if (holder !== undefined && this.#leases.get(applicationId)?.holder === holder) {
      this.#leases.delete(applicationId);
    }
  }

  async claimEvent(eventId: string): Promise<boolean> {
    if (this.#processed(eventId)) return false;
    this.#events.set(eventId, this.#now() + this.#eventTtlMs);
    return true;
  }

  async isProcessed(eventId: string, _applicationId?: string): Promise<boolean> {
    return this.#processed(eventId);
  }

  #processed(eventId: string): boolean {
    const until = this.#events.get(eventId);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#events.delete(eventId);
    return false;
  }

  async resolve(conversation: string): Promise<string | null> {
    return this.#resolved(conversation);
  }

  #resolved(conversation: string): string | null {
    const id = this.#bindings.get(conversation);
    // A binding lives as long as its application (an expired one is forgotten with it).
    if (id === undefined || (this.#apps.has(id) && !this.#live(id))) return null;
    return id;
  }

  async bind(conversation: string, applicationId: string): Promise<void> {
    this.#bind(conversation, applicationId);
  }

  async conversations(applicationId: string): Promise<string[]> {
    if (this.#apps.has(applicationId) && !this.#live(applicationId)) return [];
    return [...(this.#conversations.get(applicationId) ?? [])];
  }

  async list(filter: ListFilter = {}): Promise<StoredApplication[]> {
    // One indexed property narrows the ids (the most selective given); matchesFilter checks them all.
    const by = indexedTerm(filter);
    const ids = by === undefined ? this.#apps.keys() : (this.#index.get(by.term) ?? []);
    const out: StoredApplication[] = [];
    for (const id of ids) {
      const s = await this.load(id);
      if (s && matchesFilter(s.app, filter)) out.push(s);
    }
    return out;
  }

  async audit(applicationId: string): Promise<AuditEntry[]> {
    if (this.#apps.has(applicationId) && !this.#live(applicationId)) return [];
    return structuredClone(this.#audit.get(applicationId) ?? []);
  }

  async close(): Promise<void> {}

  /** The entry of an application still within its retention; an expired one is forgotten here. */
  #live(id: string): Entry | undefined {
    const entry = this.#apps.get(id);
    if (entry?.expiresAt === undefined || entry.expiresAt > this.#now()) return entry;
    this.#forget(id, entry);
    return undefined;
  }

  /** Drops an application with everything that hangs on it: index entries, bindings, audit trail. */
  #forget(id: string, entry: Entry): void {
    this.#apps.delete(id);
    this.#reindex(id, entry.terms, []);
    for (const conversation of this.#conversations.get(id) ?? []) {
      if (this.#bindings.get(conversation) === id) this.#bindings.delete(conversation);
    }
    this.#conversations.delete(id);
    this.#audit.delete(id);
    this.#shown.delete(id);
    this.#outbox.delete(id);
    this.#leases.delete(id);
  }

  /** Every 1,000 saves: forgets what expired unread, so a long-running process does not keep it all. */
  #sweep(): void {
    this.#savesSinceSweep = 0;
    for (const id of [...this.#apps.keys()]) this.#live(id);
    const now = this.#now();
    for (const [eventId, until] of this.#events) if (until <= now) this.#events.delete(eventId);
  }

  /** Terms come and go between versions: moves the id out of stale keys, into new ones. */
  #reindex(id: string, before: string[], after: string[]): void {
    for (const term of before) {
      if (after.includes(term)) continue;
      const ids = this.#index.get(term);
      ids?.delete(id);
      if (ids?.size === 0) this.#index.delete(term);
    }
    for (const term of after) {
      const ids = this.#index.get(term) ?? new Set<string>();
      ids.add(id);
      this.#index.set(term, ids);
    }
  }

  #bind(conversation: string, applicationId: string): void {
    const previous = this.#bindings.get(conversation);
    if (previous !== undefined) this.#conversations.get(previous)?.delete(conversation);
    this.#bindings.set(conversation, applicationId);
    const set = this.#conversations.get(applicationId) ?? new Set<string>();
    set.add(conversation);
    this.#conversations.set(applicationId, set);
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
