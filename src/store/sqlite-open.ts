import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-schema.js';

export class DatabaseInUseError extends Error {
  readonly code = 'database_in_use';
  constructor(path: string) {
    super(
      `the database ${path} is in use by another evssl-bot process: stop it first, or give this one ` +
        'another DATABASE_PATH',
    );
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Opens (creating it) one SQLite file in WAL mode, held exclusively by this process: with
 * `locking_mode=EXCLUSIVE` the first write takes a file lock kept until the connection closes. The
 * operating system drops the lock with the process, so a bot killed by SIGKILL leaves nothing stale,
 * while a second process opening the same file is refused here rather than racing the first.
 */
export function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Takes the exclusive lock now (not at the first turn).
    db.exec('BEGIN IMMEDIATE; COMMIT');
    migrate(db);
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(path);
    throw e;
  }
  return db;
}
