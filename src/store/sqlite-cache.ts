import type { EncodedApplication } from './app-codec.js';
import { LruCache } from './lru-cache.js';

/**
 * An application as the file holds it at `version`: its decoded value and stored envelope (so a warm
 * read decrypts nothing and a save whose personal part is unchanged seals nothing), the index tokens it
 * is filed under and its expiry.
 */
export interface CachedApp extends EncodedApplication {
  version: number;
  terms: string[];
  expiresAt: number | null;
}

/** Cached: no `shown` row for this conversation (distinct from a recorded null). */
export const NOT_SHOWN = Symbol('not shown');

/**
 * What this process knows of the file, so a warm turn reads no row: the SQLite store is held by one
 * process, and everything it writes goes through this cache. Another connection can still commit (a CLI
 * command beside the bot, `hold: false`: `import` creates applications and binds conversations); `sync`
 * forgets everything once PRAGMA data_version says one did. The store's reads run it first (one cheap
 * statement, no row read) and `save` inside its write transaction, so a save judges its compare-and-set
 * against the file as it is; the UPDATE's `version = ?` checks it again.
 */
export class SqliteCache {
  #apps: LruCache<string, CachedApp>;
  #bindings: LruCache<string, string>;
  #shown: LruCache<string, string | null | typeof NOT_SHOWN>;
  #dataVersion: number;

  constructor(
    private readonly capacity: number,
    private readonly dataVersion: () => number,
  ) {
    this.#apps = new LruCache(capacity);
    this.#bindings = new LruCache(10 * capacity);
    this.#shown = new LruCache(10 * capacity);
    this.#dataVersion = dataVersion();
  }

  /** Forgets everything if another connection committed since the last look. */
  sync(): void {
    const v = this.dataVersion();
    if (v === this.#dataVersion) return;
    this.#dataVersion = v;
    this.clear();
  }

  clear(): void {
    this.#apps = new LruCache(this.capacity);
    this.#bindings = new LruCache(10 * this.capacity);
    this.#shown = new LruCache(10 * this.capacity);
  }

  app(id: string): CachedApp | undefined {
    return this.#apps.get(id);
  }

  setApp(id: string, entry: CachedApp): void {
    this.#apps.set(id, entry);
  }

  dropApp(id: string): void {
    this.#apps.delete(id);
  }

  binding(conversation: string): string | undefined {
    return this.#bindings.get(conversation);
  }

  setBinding(conversation: string, applicationId: string): void {
    this.#bindings.set(conversation, applicationId);
  }

  shown(applicationId: string, conversation: string): string | null | typeof NOT_SHOWN | undefined {
    return this.#shown.get(`${applicationId}\n${conversation}`);
  }

  setShown(applicationId: string, conversation: string, question: string | null | typeof NOT_SHOWN): void {
    this.#shown.set(`${applicationId}\n${conversation}`, question);
  }
}
