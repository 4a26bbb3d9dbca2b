import type Database from 'better-sqlite3';
import type { CtState } from './ct-state.js';

/** Alerts are remembered longer than any certificate lives (398 days at most): one alert per certificate. */
const ALERT_KEEP_MS = 2 * 366 * 86_400_000;

/**
 * The CT watch's state in the embedded SQLite file (the default store without REDIS_URL): a restart goes
 * on from each domain's cursor and never alerts twice for one certificate. A domain polled with nothing
 * found has the cursor ''.
 */
export class SqliteCtState implements CtState {
  readonly #q;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.#q = {
      cursor: db.prepare('SELECT cursor FROM ct_cursors WHERE domain = ?'),
      setCursor: db.prepare('INSERT OR REPLACE INTO ct_cursors (domain, cursor) VALUES (?, ?)'),
      markPolled: db.prepare("INSERT OR IGNORE INTO ct_cursors (domain, cursor) VALUES (?, '')"),
      all: db.prepare('SELECT domain, cursor FROM ct_cursors ORDER BY domain'),
      alert: db.prepare(
        'INSERT INTO ct_alerts (key, until) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET until = excluded.until WHERE ct_alerts.until < ?',
      ),
    };
  }

  async cursor(domain: string) {
    const row = this.#q.cursor.get(domain) as { cursor: string } | undefined;
    return row === undefined || row.cursor === '' ? undefined : row.cursor;
  }
  async setCursor(domain: string, cursor: string) {
    this.#q.setCursor.run(domain, cursor);
  }
  async markPolled(domain: string) {
    this.#q.markPolled.run(domain);
  }
  async polled(domain: string) {
    return this.#q.cursor.get(domain) !== undefined;
  }
  async cursors(): Promise<Array<[string, string]>> {
    return (this.#q.all.all() as Array<{ domain: string; cursor: string }>).map((r) => [r.domain, r.cursor]);
  }
  async claimAlert(key: string) {
    const now = this.now();
    return this.#q.alert.run(key, now + ALERT_KEEP_MS, now).changes === 1;
  }
}
