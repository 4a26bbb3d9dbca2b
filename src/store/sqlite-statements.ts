import type Database from 'better-sqlite3';

/**
 * Every statement of the SQLite application store, prepared once per connection (preparing one costs
 * more than running it).
 */
export function prepareStatements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    app: p('SELECT version, state, blob, terms, expires_at FROM apps WHERE id = ?'),
    expiresAt: p('SELECT expires_at FROM apps WHERE id = ?'),
    insertApp: p('INSERT INTO apps (id, version, state, blob, terms, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
    // The compare-and-set: no row changed, the version is not the one the turn read.
    updateApp: p(
      `UPDATE apps SET version = ?, state = ?, blob = ?, terms = ?, expires_at = ?
       WHERE id = ? AND version = ?`,
    ),
    // The same when the sealed personal part (and so the index terms) is the one stored: the row's
    // largest columns are left as they are.
    updateState: p('UPDATE apps SET version = ?, state = ?, expires_at = ? WHERE id = ? AND version = ?'),
    event: p('SELECT until FROM events WHERE id = ?'),
    // Records an event id unless it is remembered now: one statement for the check and the write (no
    // row changed: a duplicate). An id past its `until` is taken again, as a missing one.
    claimEvent: p(
      `INSERT INTO events (id, until) VALUES (?, ?)
       ON CONFLICT (id) DO UPDATE SET until = excluded.until WHERE events.until <= ?`,
    ),
    // Remembered ids past their time (one scan, every EVENT_PRUNE_EVERY saves: an index on `until`
    // would cost every turn a page write).
    pruneEvents: p('DELETE FROM events WHERE until <= ?'),
    binding: p('SELECT app_id FROM bindings WHERE conversation = ?'),
    delBinding: p('DELETE FROM bindings WHERE conversation = ?'),
    putBinding: p('INSERT INTO bindings (conversation, app_id) VALUES (?, ?)'),
    conversations: p('SELECT conversation FROM bindings WHERE app_id = ? ORDER BY seq'),
    addTerm: p('INSERT OR IGNORE INTO terms (term, app_id) VALUES (?, ?)'),
    delTerm: p('DELETE FROM terms WHERE term = ? AND app_id = ?'),
    byTerm: p('SELECT app_id FROM terms WHERE term = ?'),
    allIds: p('SELECT id FROM apps'),
    putAudit: p('INSERT INTO audit (app_id, entry) VALUES (?, ?)'),
    trimAudit: p(
      // Everything older than the newest `cap`: one walk down the (app_id, seq) index. `NOT IN (… LIMIT
      // cap)` read every audit row of the application on every turn (the warm turn was 0.03x bench:store's
      // raw upsert once an application had a few thousand lines).
      `DELETE FROM audit WHERE app_id = ? AND seq <=
       (SELECT seq FROM audit WHERE app_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
    ),
    audit: p(
      'SELECT entry FROM (SELECT seq, entry FROM audit WHERE app_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
    ),
    shown: p('SELECT question FROM shown WHERE app_id = ? AND conversation = ?'),
    putShown: p('INSERT OR REPLACE INTO shown (app_id, conversation, question) VALUES (?, ?, ?)'),
    putOutbox: p('INSERT INTO outbox (app_id, id, at, body) VALUES (?, ?, ?, ?)'),
    outbox: p('SELECT id, at, body FROM outbox WHERE app_id = ? ORDER BY seq'),
    delOutbox: p('DELETE FROM outbox WHERE app_id = ? AND id = ?'),
    owed: p(
      `SELECT app_id, MIN(at) AS first FROM outbox GROUP BY app_id HAVING first <= ?
       ORDER BY first LIMIT ?`,
    ),
    lease: p('SELECT holder, until FROM leases WHERE app_id = ?'),
    putLease: p('INSERT OR REPLACE INTO leases (app_id, holder, until) VALUES (?, ?, ?)'),
    delLease: p('DELETE FROM leases WHERE app_id = ? AND holder = ?'),
    // Changes whenever another connection (a CLI command beside the bot) commits to the file; never for
    // this connection's own writes.
    dataVersion: p('PRAGMA data_version').pluck(),
    forget: ['terms', 'bindings', 'audit', 'shown', 'outbox', 'leases', 'apps'].map((table) =>
      p(`DELETE FROM ${table} WHERE ${table === 'apps' ? 'id' : 'app_id'} = ?`),
    ),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
