import type Database from 'better-sqlite3';
import type { Application } from '../flow/state.js';
import type { AppCodec } from './app-codec.js';
import type { StoredApplication } from './application-store.js';
import { type CachedApp, NOT_SHOWN, type SqliteCache } from './sqlite-cache.js';
import type { SqliteStatements } from './sqlite-statements.js';

interface AppRow {
  version: number;
  state: string;
  blob: string;
  terms: string;
  expires_at: number | null;
}

/** What a save found stored: the cached entry when this process knows it (`entry`). */
export interface Before {
  version: number;
  terms: string[];
  entry?: CachedApp;
}

/**
 * The store's rows as this process reads them: from the cache when it holds them, else from the file
 * (and cached). An application past its retention is forgotten on the first read that meets it, with
 * what hangs on it.
 */
export class SqliteRows {
  constructor(
    private readonly db: Database.Database,
    private readonly q: SqliteStatements,
    private readonly cache: SqliteCache,
    private readonly codec: AppCodec,
    private readonly now: () => number,
  ) {}

  /** The cached application, unless its retention has run out (then the file must forget it). */
  cached(id: string): CachedApp | undefined {
    const cached = this.cache.app(id);
    if (cached && (cached.expiresAt === null || cached.expiresAt > this.now())) return cached;
    return undefined;
  }

  load(id: string): StoredApplication | null {
    const cached = this.cached(id);
    if (cached) return { app: this.codec.read(cached), version: cached.version };
    const row = this.#live(id);
    if (!row) return null;
    const entry = this.codec.decode(id, row.state, row.blob);
    const terms = JSON.parse(row.terms) as string[];
    this.cache.setApp(id, { ...entry, version: row.version, terms, expiresAt: row.expires_at });
    return { app: this.codec.read(entry) as Application, version: row.version };
  }

  /** What the file holds of an application a save replaces (undefined: none). */
  before(id: string): Before | undefined {
    const cached = this.cached(id);
    if (cached) return { version: cached.version, terms: cached.terms, entry: cached };
    const row = this.#live(id);
    return row ? { version: row.version, terms: JSON.parse(row.terms) as string[] } : undefined;
  }

  processed(eventId: string): boolean {
    const row = this.q.event.get(eventId) as { until: number } | undefined;
    return row !== undefined && row.until > this.now();
  }

  shown(applicationId: string, conversation: string): string | null | undefined {
    const cached = this.cache.shown(applicationId, conversation);
    if (cached !== undefined) return cached === NOT_SHOWN ? undefined : cached;
    const row = this.q.shown.get(applicationId, conversation) as { question: string | null } | undefined;
    this.cache.setShown(applicationId, conversation, row ? row.question : NOT_SHOWN);
    return row?.question;
  }

  /** Records the question a conversation is shown, unless it is the one recorded (nothing to write). */
  putShown(applicationId: string, conversation: string, question: string | null): void {
    if (this.cache.shown(applicationId, conversation) === question) return;
    this.q.putShown.run(applicationId, conversation, question);
    this.cache.setShown(applicationId, conversation, question);
  }

  resolved(conversation: string): string | null {
    let id = this.cache.binding(conversation);
    if (id === undefined) {
      const row = this.q.binding.get(conversation) as { app_id: string } | undefined;
      if (!row) return null;
      id = row.app_id;
      this.cache.setBinding(conversation, id);
    }
    return this.expired(id) ? null : id;
  }

  bind(conversation: string, applicationId: string): void {
    if (this.cache.binding(conversation) === applicationId) return;
    const row = this.q.binding.get(conversation) as { app_id: string } | undefined;
    if (row?.app_id !== applicationId) {
      this.q.delBinding.run(conversation);
      this.q.putBinding.run(conversation, applicationId);
    }
    this.cache.setBinding(conversation, applicationId);
  }

  /** An application that existed and is past its retention (forgotten here, with what hangs on it). */
  expired(id: string): boolean {
    if (this.cached(id)) return false;
    const row = this.q.expiresAt.get(id) as { expires_at: number | null } | undefined;
    if (row === undefined || row.expires_at === null || row.expires_at > this.now()) return false;
    return this.#live(id) === undefined; // forgets it (and what hangs on it)
  }

  #live(id: string): AppRow | undefined {
    const row = this.q.app.get(id) as AppRow | undefined;
    if (!row || row.expires_at === null || row.expires_at > this.now()) return row;
    this.db.transaction(() => {
      for (const forget of this.q.forget) forget.run(id);
    })();
    // Bindings and shown questions of it may be cached under any conversation: all forgotten (rare).
    this.cache.clear();
    return undefined;
  }
}
