import type Database from 'better-sqlite3';
import type { ApplicationStore } from '../store/application-store.js';
import type { DataKeys } from '../store/data-keys.js';
import { SqliteApplicationStore } from '../store/sqlite-store.js';
import type { MailCheckpoint, MailStateStore, MailThread, OutboxMessage } from './mail-state-store.js';

/**
 * MailStateStore in the embedded SQLite database, on the application store's connection (one file, one
 * process lock). Outbox messages and threads name addresses and carry reply text: each row is sealed with
 * the data keys (bound to its id), so a copied database file reveals none of it; the status and the next
 * attempt time stay plain for the due index. The checkpoint (UIDVALIDITY and a UID) and locks are plain.
 * Every method is one statement or one transaction, so a crash never leaves a message half-updated.
 */
export class SqliteMailState implements MailStateStore {
  readonly #db: Database.Database;
  readonly #keys: DataKeys;
  readonly #now: () => number;
  readonly #q;

  /** The mail state beside `store`'s applications when it is the SQLite store; undefined otherwise. */
  static of(store: ApplicationStore): SqliteMailState | undefined {
    return store instanceof SqliteApplicationStore
      ? new SqliteMailState(store.database, store.keys)
      : undefined;
  }

  constructor(db: Database.Database, keys: DataKeys, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#keys = keys;
    this.#now = options.now ?? Date.now;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      put: p('INSERT OR IGNORE INTO mail_outbox (id, status, next_at, body) VALUES (?, ?, ?, ?)'),
      get: p('SELECT body FROM mail_outbox WHERE id = ?'),
      due: p(
        `SELECT id, body FROM mail_outbox WHERE status = 'pending' AND next_at <= ?
         ORDER BY next_at, id LIMIT ?`,
      ),
      update: p('UPDATE mail_outbox SET status = ?, next_at = ?, body = ? WHERE id = ?'),
      checkpoint: p('SELECT json FROM mail_checkpoints WHERE mailbox = ?'),
      putCheckpoint: p('INSERT OR REPLACE INTO mail_checkpoints (mailbox, json) VALUES (?, ?)'),
      thread: p('SELECT body FROM mail_threads WHERE app_id = ?'),
      putThread: p('INSERT OR REPLACE INTO mail_threads (app_id, body) VALUES (?, ?)'),
      lock: p('SELECT owner, until FROM mail_locks WHERE name = ?'),
      putLock: p('INSERT OR REPLACE INTO mail_locks (name, owner, until) VALUES (?, ?, ?)'),
      renew: p('UPDATE mail_locks SET until = ? WHERE name = ? AND owner = ? AND until > ?'),
      release: p('DELETE FROM mail_locks WHERE name = ? AND owner = ?'),
    };
  }

  #seal(message: OutboxMessage): string {
    return this.#keys.sealJson(message, `mail:outbox:${message.id}`);
  }

  #open(id: string, body: string): OutboxMessage {
    return this.#keys.openJson(body, `mail:outbox:${id}`) as OutboxMessage;
  }

  async putOutbox(message: OutboxMessage): Promise<boolean> {
    const r = this.#q.put.run(message.id, message.status, message.nextAttemptAt, this.#seal(message));
    return r.changes === 1;
  }

  async getOutbox(id: string): Promise<OutboxMessage | null> {
    const row = this.#q.get.get(id) as { body: string } | undefined;
    return row ? this.#open(id, row.body) : null;
  }

  async dueOutbox(now: number, limit = 50): Promise<OutboxMessage[]> {
    const rows = this.#q.due.all(now, limit) as { id: string; body: string }[];
    return rows.map((r) => this.#open(r.id, r.body));
  }

  async markSent(id: string, sentAt: string): Promise<void> {
    this.#update(id, (m) => ({ ...m, status: 'sent', sentAt, attempts: m.attempts + 1 }));
  }

  async markFailed(id: string, error: string, nextAttemptAt: number | undefined): Promise<void> {
    this.#update(id, (m) => ({
      ...m,
      attempts: m.attempts + 1,
      lastError: error,
      ...(nextAttemptAt === undefined ? { status: 'failed' as const } : { nextAttemptAt }),
    }));
  }

  #update(id: string, change: (m: OutboxMessage) => OutboxMessage): void {
    this.#db.transaction(() => {
      const row = this.#q.get.get(id) as { body: string } | undefined;
      if (!row) return;
      const next = change(this.#open(id, row.body));
      this.#q.update.run(next.status, next.nextAttemptAt, this.#seal(next), id);
    })();
  }

  async getCheckpoint(mailbox: string): Promise<MailCheckpoint | null> {
    const row = this.#q.checkpoint.get(mailbox) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as MailCheckpoint) : null;
  }

  async setCheckpoint(mailbox: string, checkpoint: MailCheckpoint): Promise<void> {
    this.#q.putCheckpoint.run(mailbox, JSON.stringify(checkpoint));
  }

  /**
   * The failure count sits beside the checkpoint (a row under `failure:<mailbox>`), sealed: the mail's
   * id may be a Message-ID, which names the sender's domain. One transaction: read, count, write.
   */
  async recordFailure(mailbox: string, mail: string, code: string): Promise<number> {
    const key = `failure:${mailbox}`;
    return this.#db.transaction(() => {
      const row = this.#q.checkpoint.get(key) as { json: string } | undefined;
      const last = row
        ? (this.#keys.openJson(row.json, `mail:failure:${mailbox}`) as {
            mail: string;
            code: string;
            count: number;
          })
        : undefined;
      const count = last && last.mail === mail && last.code === code ? last.count + 1 : 1;
      this.#q.putCheckpoint.run(key, this.#keys.sealJson({ mail, code, count }, `mail:failure:${mailbox}`));
      return count;
    })();
  }

  async getThread(applicationId: string): Promise<MailThread | null> {
    const row = this.#q.thread.get(applicationId) as { body: string } | undefined;
    return row ? (this.#keys.openJson(row.body, `mail:thread:${applicationId}`) as MailThread) : null;
  }

  async setThread(thread: MailThread): Promise<void> {
    const body = this.#keys.sealJson(thread, `mail:thread:${thread.applicationId}`);
    this.#q.putThread.run(thread.applicationId, body);
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.#db.transaction(() => {
      const now = this.#now();
      const held = this.#q.lock.get(name) as { owner: string; until: number } | undefined;
      if (held && held.until > now && held.owner !== owner) return false;
      this.#q.putLock.run(name, owner, now + ttlMs);
      return true;
    })();
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    return this.#q.renew.run(now + ttlMs, name, owner, now).changes === 1;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    this.#q.release.run(name, owner);
  }

  /** The connection belongs to the application store: closed with it. */
  async close(): Promise<void> {}
}
