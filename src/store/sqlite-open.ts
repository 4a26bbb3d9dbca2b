import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CodedError } from '../errors.js';
import { migrate } from './sqlite-schema.js';

export class DatabaseInUseError extends CodedError {
  constructor(path: string) {
    super(
      'database_in_use',
      `the database ${path} is in use by another evssl-bot process: stop it first, or give this one ` +
        'another DATABASE_PATH',
    );
  }
}

export interface OpenOptions {
  /**
   * Hold the database for this process's lifetime (the bot: the one process that sends reminders and
   * owed replies from it). False for a short command (`certs`, `export`) working beside a running bot.
   */
  hold?: boolean;
  /** How long a statement waits for another process's write (ms). */
  busyTimeoutMs?: number;
}

/** The lock beside each held database, closed with it (closeDatabase). */
const locks = new WeakMap<Database.Database, Database.Database>();

/**
 * Takes the process lock of a database: a second SQLite file `<path>.lock` opened in
 * `locking_mode=EXCLUSIVE` and written once, so this connection keeps an exclusive file lock on it until
 * it closes. The operating system drops the lock with the process, so a bot killed by SIGKILL leaves
 * nothing stale (no pid file to clean up), and a second bot is refused at once. The database itself stays
 * in normal WAL locking, so a command run beside the bot reads and writes it under SQLite's own locks.
 */
function holdLock(path: string): Database.Database {
  const lock = new Database(`${path}.lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = OFF');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (e) {
    lock.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(path);
    throw e;
  }
}

/**
 * Opens (creating it) one SQLite file in WAL mode and brings its schema up to date. With `hold` (the
 * default) the process lock is taken first: a second holder is refused with DatabaseInUseError rather
 * than racing the first (two bots would both send the same reminders and owed replies).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const lock = options.hold !== false && !memory ? holdLock(path) : undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (e) {
    db?.close();
    lock?.close();
    throw e;
  }
  if (lock) locks.set(db, lock);
  return db;
}

/** Closes a database opened by openDatabase, and gives its process lock back. */
export function closeDatabase(db: Database.Database): void {
  if (db.open) db.close();
  const lock = locks.get(db);
  if (lock?.open) lock.close();
  locks.delete(db);
}
