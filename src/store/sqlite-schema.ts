import type Database from 'better-sqlite3';

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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations the database has not had yet; refuses a database from a newer version. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the database has schema version ${current}, newer than this bot's ${MIGRATIONS.length}: upgrade the bot`,
    );
  }
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
