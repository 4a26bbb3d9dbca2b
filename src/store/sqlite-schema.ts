import type Database from 'better-sqlite3';
import { CodedError } from '../errors.js';

/**
 * The schema, one migration per `PRAGMA user_version`: a database is brought up to date in one
 * transaction when it is opened. A new table (one more thing a save writes) is one more migration.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE apps (id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL,
     blob TEXT NOT NULL, terms TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
   CREATE TABLE terms (term TEXT NOT NULL, app_id TEXT NOT NULL, PRIMARY KEY (term, app_id)) WITHOUT ROWID;
   CREATE TABLE events (id TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE bindings (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation TEXT NOT NULL UNIQUE,
     app_id TEXT NOT NULL);
   CREATE INDEX bindings_app ON bindings (app_id, seq);
   CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL, entry TEXT NOT NULL);
   CREATE INDEX audit_app ON audit (app_id, seq);
   CREATE TABLE shown (app_id TEXT NOT NULL, conversation TEXT NOT NULL, question TEXT,
     PRIMARY KEY (app_id, conversation)) WITHOUT ROWID;
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL, id TEXT NOT NULL,
     at INTEGER NOT NULL, body TEXT NOT NULL);
   CREATE INDEX outbox_app ON outbox (app_id, seq);
   CREATE TABLE leases (app_id TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;`,
  // 2: the email channel's state (src/mail/sqlite-mail-state.ts). `body` columns are sealed JSON.
  `CREATE TABLE mail_outbox (id TEXT PRIMARY KEY, status TEXT NOT NULL, next_at INTEGER NOT NULL,
     body TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);
   CREATE TABLE mail_checkpoints (mailbox TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE mail_threads (app_id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE mail_locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;`,
  // 3: renewal reminders (src/remind/sqlite-registry.ts, sqlite-scheduler.ts). Jobs: `due_at` in the
  // scheduler's clock; `run_after` real time (a retry's backoff); state delayed → ready → active.
  `CREATE TABLE remind_certs (id TEXT PRIMARY KEY, team TEXT NOT NULL, v INTEGER NOT NULL,
     json TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX remind_certs_team ON remind_certs (team);
   CREATE TABLE remind_sent (cert_id TEXT NOT NULL, mark TEXT NOT NULL, PRIMARY KEY (cert_id, mark)) WITHOUT ROWID;
   CREATE TABLE remind_once (key TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;
   CREATE TABLE remind_teams (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE remind_jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, due_at INTEGER NOT NULL,
     run_after INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX remind_jobs_due ON remind_jobs (state, due_at);`,
  // Sealed values kept across restarts (the email channel's rotated OAuth2 refresh token); the CT watch's
  // cursors (domain → cursor, '' once polled) and the alerts it sent.
  `CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE ct_cursors (domain TEXT PRIMARY KEY, cursor TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE ct_alerts (key TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;`,
  // 5: audit and outbox rows numbered without AUTOINCREMENT, which wrote sqlite_sequence on every insert
  // (a quarter of a warm turn). `seq` stays increasing: only old rows are deleted, and a reused number
  // after deleting the newest is still above every row kept.
  `CREATE TABLE audit_v5 (seq INTEGER PRIMARY KEY, app_id TEXT NOT NULL, entry TEXT NOT NULL);
   INSERT INTO audit_v5 (seq, app_id, entry) SELECT seq, app_id, entry FROM audit;
   DROP TABLE audit;
   ALTER TABLE audit_v5 RENAME TO audit;
   CREATE INDEX audit_app ON audit (app_id, seq);
   CREATE TABLE outbox_v5 (seq INTEGER PRIMARY KEY, app_id TEXT NOT NULL, id TEXT NOT NULL,
     at INTEGER NOT NULL, body TEXT NOT NULL);
   INSERT INTO outbox_v5 (seq, app_id, id, at, body) SELECT seq, app_id, id, at, body FROM outbox;
   DROP TABLE outbox;
   ALTER TABLE outbox_v5 RENAME TO outbox;
   CREATE INDEX outbox_app ON outbox (app_id, seq);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations the database has not had yet; refuses a database from a newer version. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new CodedError(
      'store_schema_newer',
      `the database has schema version ${current}, newer than this bot's ${MIGRATIONS.length}: upgrade the bot`,
    );
  }
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
