import { actorKey, readApplication } from '../flow/state.js';
import type {
  ApplicationStore,
  AuditEntry,
  ListFilter,
  SaveRequest,
  SaveResult,
  StoredApplication,
  TurnRead,
} from './application-store.js';

export interface MemoryStoreOptions {
  /** How long a processed event id is remembered (default 7 days). */
  eventTtlMs?: number;
  /** Audit entries kept per application (default 1000). */
  auditCap?: number;
  now?: () => number;
}

/**
 * The embedded default: everything in this process's memory, lost on exit. Values are kept as JSON so
 * what works here is what serialises (the Redis store stores the same JSON).
 */
export class MemoryApplicationStore implements ApplicationStore {
  readonly #apps = new Map<string, { json: string; version: number }>();
  readonly #events = new Map<string, number>();
  readonly #bindings = new Map<string, string>();
  /** The reverse of #bindings: an application's conversations, in the order they were bound. */
  readonly #conversations = new Map<string, Set<string>>();
  readonly #audit = new Map<string, AuditEntry[]>();
  readonly #eventTtlMs: number;
  readonly #auditCap: number;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#eventTtlMs = options.eventTtlMs ?? 7 * 24 * 3600 * 1000;
    this.#auditCap = options.auditCap ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  async loadForTurn(conversation: string, eventId?: string): Promise<TurnRead> {
    const applicationId = this.#bindings.get(conversation) ?? null;
    const duplicate = eventId !== undefined && (await this.isProcessed(eventId));
    return { applicationId, stored: applicationId ? await this.load(applicationId) : null, duplicate };
  }

  async load(id: string): Promise<StoredApplication | null> {
    const entry = this.#apps.get(id);
    if (!entry) return null;
    const r = readApplication(JSON.parse(entry.json));
    if (!r.ok) throw new Error(`application ${id}: ${r.reason}`);
    return { app: r.app, version: entry.version };
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const { app, expectedVersion, eventId, audit, bind } = request;
    if (eventId !== undefined && (await this.isProcessed(eventId))) return { status: 'duplicate' };
    const current = this.#apps.get(app.id);
    if ((current?.version ?? 0) !== expectedVersion) {
      return { status: 'conflict', current: await this.load(app.id) };
    }
    const json = JSON.stringify(app);
    const version = expectedVersion + 1;
    this.#apps.set(app.id, { json, version });
    if (eventId !== undefined) this.#events.set(eventId, this.#now() + this.#eventTtlMs);
    if (audit) {
      const list = this.#audit.get(app.id) ?? [];
      list.push(structuredClone(audit));
      if (list.length > this.#auditCap) list.splice(0, list.length - this.#auditCap);
      this.#audit.set(app.id, list);
    }
    for (const conversation of bind ?? []) this.#bind(conversation, app.id);
    return { status: 'saved', version };
  }

  async isProcessed(eventId: string, _applicationId?: string): Promise<boolean> {
    const until = this.#events.get(eventId);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#events.delete(eventId);
    return false;
  }

  async resolve(conversation: string): Promise<string | null> {
    return this.#bindings.get(conversation) ?? null;
  }

  async bind(conversation: string, applicationId: string): Promise<void> {
    this.#bind(conversation, applicationId);
  }

  async conversations(applicationId: string): Promise<string[]> {
    return [...(this.#conversations.get(applicationId) ?? [])];
  }

  async list(filter: ListFilter = {}): Promise<StoredApplication[]> {
    const out: StoredApplication[] = [];
    for (const id of this.#apps.keys()) {
      const s = await this.load(id);
      if (!s) continue;
      if (filter.status && s.app.status !== filter.status) continue;
      if (filter.member && !s.app.members.some((m) => actorKey(m) === filter.member)) continue;
      out.push(s);
    }
    return out;
  }

  async audit(applicationId: string): Promise<AuditEntry[]> {
    return structuredClone(this.#audit.get(applicationId) ?? []);
  }

  async close(): Promise<void> {}

  #bind(conversation: string, applicationId: string): void {
    const previous = this.#bindings.get(conversation);
    if (previous !== undefined) this.#conversations.get(previous)?.delete(conversation);
    this.#bindings.set(conversation, applicationId);
    const set = this.#conversations.get(applicationId) ?? new Set<string>();
    set.add(conversation);
    this.#conversations.set(applicationId, set);
  }
}
