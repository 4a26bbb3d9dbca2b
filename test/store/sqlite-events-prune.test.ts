import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { sampleApp } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 9) }]);
const count = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

// The events table held one row per turn for ever (its 7 days were only checked on reads).
describe('remembered event ids of the SQLite store', () => {
  it('are deleted once past their time: at the next open, and while saving', async () => {
    const path = join(dir, 'events.db');
    let now = 1_000_000;
    const options = { path, keys, eventTtlMs: 1000, now: () => now };
    const store = new SqliteApplicationStore(options);
    for (let i = 0; i < 10; i++) expect(await store.claimEvent(`ev${i}`)).toBe(true);
    await store.close();
    expect(count(path)).toBe(10);

    now += 5000; // past their time
    const reopened = new SqliteApplicationStore(options);
    expect(count(path)).toBe(0);
    // A fresh one is remembered (refused twice), and kept while it is young.
    expect(await reopened.claimEvent('young')).toBe(true);
    expect(await reopened.claimEvent('young')).toBe(false);

    // Saves with event ids: the ones past their time go as the saves go on, the young ones stay.
    const app = sampleApp();
    let version = 0;
    for (let i = 0; i < 5000; i++) {
      if (i === 2000) now += 5000; // everything so far is past its time
      const r = await reopened.save({ app, expectedVersion: version, eventId: `turn${i}` });
      expect(r.status).toBe('saved');
      version++;
    }
    const left = count(path);
    expect(left).toBeLessThan(5000 - 2000 + 1); // the first 2,000 and 'young' are gone
    expect(left).toBeGreaterThan(0);
    expect(await reopened.isProcessed('turn4999')).toBe(true);
    await reopened.close();
  });
});
