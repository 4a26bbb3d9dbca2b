// The SQLite rows of `npm run bench:store`: the embedded store's warm turn (loadForTurn + save with an
// event id and an audit line, as runTurn does) against a raw better-sqlite3 baseline on the same file
// settings (WAL, synchronous=NORMAL): a SELECT then an upsert of the same sealed blob, and that baseline
// doing the store's codec work too. Target (issue 16): the warm turn ≥ 0.8x the raw upsert baseline.
// These rows alone: BENCH_STORES=sqlite npm run bench:store; BENCH_SQLITE_PARTS=1 adds the warm turn
// without its audit line, without its event id, and with neither (what each costs).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { Application } from '../src/flow/state.js';
import { DataKeys } from '../src/store/data-keys.js';
import { SqliteApplicationStore } from '../src/store/sqlite-store.js';

export interface SqliteRow {
  name: string;
  conversations: number;
  tps: number;
  p50: number;
  p99: number;
}

type Turn = (c: number) => Promise<void> | void;

async function drive(conversations: number, turns: number, turn: Turn) {
  const perConv = Math.max(1, Math.floor(turns / conversations));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, c) => {
      for (let i = 0; i < perConv; i++) {
        const s = performance.now();
        await turn(c);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const ms = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { tps: latencies.length / (ms / 1000), p50: at(0.5), p99: at(0.99) };
}

export async function sqliteRows(
  levels: number[],
  turns: number,
  sampleApp: (id: string) => Application,
): Promise<SqliteRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'evssl-bench-sqlite-'));
  const keys = new DataKeys([{ kid: 'bench', key: randomBytes(32) }]);
  const store = new SqliteApplicationStore({ path: join(dir, 'store.db'), keys, hold: false });
  const raw = new Database(join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE apps (id TEXT PRIMARY KEY, version INTEGER NOT NULL, blob TEXT NOT NULL)');
  const select = raw.prepare('SELECT version, blob FROM apps WHERE id = ?');
  const upsert = raw.prepare(
    'INSERT INTO apps (id, version, blob) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, blob = excluded.blob',
  );
  const max = Math.max(...levels);
  const apps = Array.from({ length: max }, (_, c) => sampleApp(`S${c}`));
  for (const app of apps) {
    await store.save({ app, expectedVersion: 0, bind: [`bench:conv:${app.id}`] });
    upsert.run(app.id, 1, keys.sealJson(app, app.id));
  }
  let seq = 0;
  const rawTurn: Turn = (c) => {
    const id = apps[c]!.id;
    const row = select.get(id) as { version: number; blob: string };
    upsert.run(id, row.version + 1, row.blob);
  };
  const codecTurn: Turn = (c) => {
    const id = apps[c]!.id;
    const row = select.get(id) as { version: number; blob: string };
    const app = keys.openJson(row.blob, id) as Application;
    app.answers.n = String(++seq);
    upsert.run(id, row.version + 1, keys.sealJson(app, id));
  };
  // `parts`: what the save carries besides the compare-and-set (runTurn's turn: both).
  const turnOf =
    (parts: { event: boolean; audit: boolean }): Turn =>
    async (c) => {
      const conversation = `bench:conv:${apps[c]!.id}`;
      const eventId = `ev${++seq}`;
      const read = await store.loadForTurn(conversation, eventId);
      const current = read.stored!;
      const app = current.app;
      app.answers.n = String(seq);
      app.updatedAt = new Date().toISOString();
      const r = await store.save({
        app,
        expectedVersion: current.version,
        ...(parts.event ? { eventId } : {}),
        ...(parts.audit
          ? {
              audit: {
                at: app.updatedAt,
                actor: 'slack:T01ABC:U01XYZ',
                step: 'csr' as const,
                changed: ['n'],
                event: 'text',
              },
            }
          : {}),
      });
      if (r.status !== 'saved') throw new Error(`unexpected ${r.status}`);
    };
  const storeTurn = turnOf({ event: true, audit: true });
  const rows: SqliteRow[] = [];
  try {
    for (const n of levels) {
      const scenarios: Array<[string, Turn]> = [
        ['sqlite raw SELECT + upsert', rawTurn],
        ['sqlite raw + decrypt/encrypt', codecTurn],
        ['sqlite store, warm turn', storeTurn],
      ];
      // BENCH_SQLITE_PARTS=1: the same turn with parts of its commit left out, to see what each costs
      // (not a turn the bot runs: it always records the event id and the audit line).
      if (process.env.BENCH_SQLITE_PARTS === '1') {
        scenarios.push(
          ['  without the audit line', turnOf({ event: true, audit: false })],
          ['  without the event id', turnOf({ event: false, audit: true })],
          ['  compare-and-set only', turnOf({ event: false, audit: false })],
        );
      }
      for (const [, t] of scenarios) await drive(n, Math.min(turns, 2000), t); // warm-up
      // Interleaved rounds, the best of each kept (the other core's load hits all alike).
      const best = scenarios.map(() => ({ tps: 0, p50: 0, p99: 0 }));
      for (let round = 0; round < 3; round++) {
        for (const [k, [, t]] of scenarios.entries()) {
          const r = await drive(n, Math.floor(turns / 3), t);
          if (r.tps > best[k]!.tps) best[k] = r;
        }
      }
      for (const [k, [name]] of scenarios.entries()) rows.push({ name, conversations: n, ...best[k]! });
    }
  } finally {
    await store.close();
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
