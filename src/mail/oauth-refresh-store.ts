import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Cluster, Redis } from 'ioredis';
import type { DataKeys } from '../store/data-keys.js';

/**
 * Where a refresh token the provider rotated is kept across restarts (RFC 6749 §6: the new one may be
 * the only valid one; Microsoft's last 90 days from issue, so the configured one ages out). A port of its
 * own beside the application store, which it leaves untouched.
 */
export interface RefreshTokenStore {
  /** The rotated token saved for this configured MAIL_OAUTH_REFRESH_TOKEN, if any. */
  load(configured: string): Promise<string | undefined>;
  save(configured: string, rotated: string): Promise<void>;
}

/** One secret value at rest (a Redis key, a variable in memory for tests). */
export interface SecretCell {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
}

const fingerprint = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The rotated token sealed with DATA_KEYS (AES-256-GCM, bound to the client by its additional data), with
 * a fingerprint of the configured token it descends from: when the operator configures a new
 * MAIL_OAUTH_REFRESH_TOKEN, the saved one no longer applies and the configured one is used.
 */
export class SealedRefreshTokenStore implements RefreshTokenStore {
  constructor(
    readonly cell: SecretCell,
    readonly keys: DataKeys,
    /** The client it belongs to (`tokenUrl clientId`): an envelope moved to another client fails to open. */
    readonly client: string,
  ) {}

  async load(configured: string): Promise<string | undefined> {
    const sealed = await this.cell.get();
    if (!sealed) return undefined;
    const saved = this.keys.openJson(sealed, this.#aad()) as { for?: string; token?: string };
    return saved.for === fingerprint(configured) && typeof saved.token === 'string' ? saved.token : undefined;
  }

  async save(configured: string, rotated: string): Promise<void> {
    await this.cell.set(this.keys.sealJson({ for: fingerprint(configured), token: rotated }, this.#aad()));
  }

  #aad(): string {
    return `mail-oauth-refresh:${this.client}`;
  }
}

/** The Redis key of a client's rotated refresh token (no secret in the name: a hash of the client). */
export function redisRefreshCell(redis: Redis | Cluster, prefix: string, client: string): SecretCell {
  const key = `${prefix}{mail}:oauth-refresh:${createHash('sha256').update(client).digest('hex').slice(0, 16)}`;
  return {
    get: () => redis.get(key),
    set: async (value) => {
      await redis.set(key, value);
    },
  };
}

export class MemorySecretCell implements SecretCell {
  value: string | null = null;
  async get(): Promise<string | null> {
    return this.value;
  }
  async set(value: string): Promise<void> {
    this.value = value;
  }
}

/** The SQLite row of a client's rotated refresh token (the embedded store's file; no secret in the name). */
export function sqliteRefreshCell(db: Database.Database, client: string): SecretCell {
  const name = `oauth-refresh:${createHash('sha256').update(client).digest('hex').slice(0, 16)}`;
  const get = db.prepare('SELECT value FROM secrets WHERE name = ?');
  const put = db.prepare('INSERT OR REPLACE INTO secrets (name, value) VALUES (?, ?)');
  return {
    get: async () => (get.get(name) as { value: string } | undefined)?.value ?? null,
    set: async (value) => {
      put.run(name, value);
    },
  };
}
