import { Cluster } from 'ioredis';
import type { RetentionSettings } from '../config/redis.js';
import { codeOf } from '../errors.js';
import { DAY_MS } from '../flow/days.js';
import type { Application } from '../flow/state.js';
import type { Logger } from '../log/logger.js';
import {
  indexedTerm,
  indexTerms,
  type ListFilter,
  matchesFilter,
  type StoredApplication,
} from './application-store.js';
import type { DataKeys } from './data-keys.js';
import { LruCache } from './lru-cache.js';
import type { RedisCalls } from './redis-calls.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import type { Scripts } from './redis-scripts.js';
import { expiryFor } from './retention.js';

export type IndexScripts = Pick<Scripts, 'evsslIndexAdd' | 'evsslIndexDrop' | 'evsslIndexMark'>;

export interface RedisIndexDeps {
  client: RedisClient;
  calls: RedisCalls;
  keys: RedisKeys;
  data: DataKeys;
  scripts: IndexScripts;
  retention: RetentionSettings;
  now: () => number;
  logger: Logger | undefined;
  /** Decrypts an application hash's fields (and caches them): the store's own reader. */
  open(id: string, version: number, blob: string, state: string): StoredApplication | null;
}

const HOUR_MS = 3600 * 1000;
/** An INDEX_DROP_SCRIPT version above any real one: drop whatever version filed the id. */
export const ANY_VERSION = 2 ** 52;

/**
 * The list index of the Redis store: sorted sets of application ids under keyed tokens of each
 * application's members, workspaces, host names and order numbers (redis-keys.ts), and the app hash's
 * `m` listing the entries an application is filed under. The save script files a standalone Redis's
 * entries in the same commit; this files them where the script cannot (a Cluster: other slots), reads
 * the sets for `list`, drops stale ids, and repairs what was not filed (see `ready`).
 */
export class RedisListIndex {
  readonly #d: RedisIndexDeps;
  /** Index tokens by `kind|value` (an HMAC each: a few µs, more than the rest of a cached turn's work). */
  readonly #tokens = new LruCache<string, string>(10_000);
  /** When this process last saw the repair markers (see `ready`), and the repair running if any. */
  #seenAt = Number.NEGATIVE_INFINITY;
  #repairing: Promise<void> | undefined;

  constructor(deps: RedisIndexDeps) {
    this.#d = deps;
  }

  /** `m`: the index entries of an application under the current data key, sorted, space-separated. */
  entries(app: Application): string {
    const entries = indexTerms(app).map((term) => this.#d.keys.indexEntry(term, this.#token(term)));
    return entries.sort().join(' ');
  }

  /** The index sets of a term: one per data key (an application filed under an old key is found too). */
  sets(term: string): string[] {
    const { keys, data } = this.#d;
    return data.indexTokens(term).map((t) => keys.index(keys.indexEntry(term, t)));
  }

  /** The ids filed in some index sets. */
  async ids(sets: string[]): Promise<string[]> {
    const { calls, client } = this.#d;
    const filed = await calls.read(() => Promise.all(sets.map((set) => client.zrange(set, '0', '-1'))));
    return [...new Set(filed.flat())];
  }

  /** Takes ids (with the version that filed them) out of sets; housekeeping, so a failure is only logged. */
  async drop(sets: string[], stale: Map<string, number>): Promise<void> {
    if (stale.size === 0) return;
    const pairs = [...stale].flat();
    const { calls, scripts, logger } = this.#d;
    await calls
      .write(() => Promise.all(sets.map((set) => scripts.evsslIndexDrop(1, set, ...pairs))))
      .catch(() => logger?.debug('list index: stale ids left for the next list'));
  }

  /**
   * Files an application in the index sets outside the save script (a Cluster; the repair): `entries`
   * given, files them and takes the id out of the sets of `before` not among them, then records them in
   * `m` (only if `m` still holds `seen`, by default `?<entries>`); `entries` undefined, extends the sets
   * of `before` (the application's expiry moved). Best effort: the state is committed, and a pending `m`
   * makes the next write (or the repair) file again; a late or repeated filing is harmless (the set
   * scores order them, and `list` checks what it finds). Whether `m` was recorded (extending: true).
   */
  async file(
    id: string,
    version: number,
    before: string,
    entries: string | undefined,
    ms: number,
    seen = `?${entries}`,
  ): Promise<boolean> {
    const { calls, scripts, keys, logger } = this.#d;
    const words = (list: string) => list.split(' ').filter((w) => w !== '');
    const now = words(entries ?? before);
    const gone = entries === undefined ? [] : words(before).filter((e) => !now.includes(e));
    try {
      await calls.write(() =>
        Promise.all([
          ...now.map((e) => scripts.evsslIndexAdd(1, keys.index(e), id, version, ms)),
          ...gone.map((e) => scripts.evsslIndexDrop(1, keys.index(e), id, version)),
        ]),
      );
      if (entries === undefined) return true;
      const { app } = keys.app(id);
      return (await calls.write(() => scripts.evsslIndexMark(1, app, version, seen, entries))) === 1;
    } catch (err) {
      // RedisCalls logged a connection problem; the code tells a script error (a bug) from it.
      logger?.warn({ applicationId: id, code: codeOf(err) }, 'list index not filed: filed by the next write');
      return false;
    }
  }

  /**
   * Before an indexed `list`: files what is not filed right. An application without `m`, or with a
   * pending one (`?…`: a Cluster filing interrupted by a crash), and one whose `m` has no host name or
   * order number entry although it has such a term, are filed again by a SCAN of the application
   * hashes (only those are decrypted) — unless the markers say the pass ran within the last day. One
   * marker per kind of gap; a process looks at them at most hourly.
   */
  async ready(): Promise<void> {
    if (this.#d.now() - this.#seenAt < HOUR_MS) return;
    this.#repairing ??= this.#repair().finally(() => {
      this.#repairing = undefined;
    });
    await this.#repairing;
  }

  /** Every application hash, by SCAN (each master of a Cluster). */
  async scanApps(): Promise<string[]> {
    const { client, calls, keys } = this.#d;
    const nodes = client instanceof Cluster ? client.nodes('master') : [client];
    const found: string[] = [];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, batch] = await calls.read(() =>
          node.scan(cursor, 'MATCH', keys.appPattern, 'COUNT', 500),
        );
        cursor = next;
        found.push(...batch);
      } while (cursor !== '0');
    }
    return found;
  }

  /** Whether `m` files anything by host name or order number. */
  #hasCaTerms(m: string): boolean {
    const host = this.#d.keys.indexEntry('host|', '');
    const order = this.#d.keys.indexEntry('order|', '');
    return m.split(' ').some((e) => e.startsWith(host) || e.startsWith(order));
  }

  #token(value: string): string {
    let token = this.#tokens.get(value);
    if (token === undefined) {
      token = this.#d.data.indexTokens(value)[0]!;
      this.#tokens.set(value, token);
    }
    return token;
  }

  async #repair(): Promise<void> {
    const { client, calls, keys, retention, logger } = this.#d;
    const markers = [keys.indexMarker, keys.termsMarker];
    const present = await calls.read(() => Promise.all(markers.map((k) => client.exists(k))));
    const [unindexed, withoutCaTerms] = present.map((n) => n !== 1);
    if (!unindexed && !withoutCaTerms) {
      this.#seenAt = this.#d.now();
      return;
    }
    const apps = await this.scanApps();
    const heads = await calls.read(() => Promise.all(apps.map((key) => client.hmget(key, 'v', 'm'))));
    const todo = apps.filter((_, i) => {
      const [v, m = null] = heads[i]!;
      if (!v) return false;
      if (m === null || m.startsWith('?')) return unindexed;
      return withoutCaTerms && !this.#hasCaTerms(m);
    });
    const rows = await calls.read(() =>
      Promise.all(todo.map((key) => client.hmget(key, 'v', 'm', 'blob', 's'))),
    );
    let filed = 0;
    await Promise.all(
      rows.map(async ([v, m, blob, state], i) => {
        const id = keys.idOfApp(todo[i]!);
        if (!v || !blob) return;
        let app: Application;
        try {
          const stored = this.#d.open(id, Number(v), blob, state ?? '');
          if (!stored) return;
          app = stored.app;
        } catch {
          // Sealed under a key since dropped from DATA_KEYS: unreadable, so it could not be listed anyway.
          return;
        }
        const entries = this.entries(app);
        // Filed right already (no CSR or order number: nothing of those kinds to file).
        if (m === entries) return;
        const ms = Math.round(expiryFor(app, retention)) + DAY_MS;
        const seen = m ?? '!';
        await this.file(id, Number(v), seen.replace(/^[?!]/, ''), entries, ms, seen);
        filed += 1;
      }),
    );
    const missing = markers.filter((_, i) => present[i] !== 1);
    await calls.write(() =>
      Promise.all(missing.map((marker) => client.set(marker, String(filed), 'PX', DAY_MS))),
    );
    this.#seenAt = this.#d.now();
    if (filed > 0) logger?.info({ filed }, 'list index: filed applications that were not filed');
  }

  /**
   * By order number, host name, member or workspace (the first given of these, the most selective):
   * the ids filed in that index set (one per data key: see DataKeys.indexTokens), then those
   * applications only, checked against the whole filter once decrypted — the index can be behind (an
   * expired application; in a Cluster, a filing interrupted). Ids whose application is gone, or no
   * longer has that member (host name, …), are taken out of the set on the way. Otherwise (status only,
   * or nothing) every application, by SCAN.
   */
  async list(filter: ListFilter): Promise<StoredApplication[]> {
    const by = indexedTerm(filter);
    if (!by) return this.#read(await this.scanApps(), filter);
    await this.ready();
    const sets = this.sets(by.term);
    const ids = await this.ids(sets);
    const stale = new Map<string, number>();
    const out = await this.#read(
      ids.map((id) => this.#d.keys.app(id).app),
      filter,
      (id, app, version) => {
        if (!app || !matchesFilter(app, by.criterion)) stale.set(id, app ? version : ANY_VERSION);
      },
    );
    await this.drop(sets, stale);
    return out;
  }

  /**
   * The applications of some app hashes (sent together: pipelined on the connection, routed per slot in
   * a Cluster) that pass `filter`; the status is checked before decrypting. `seen` is told of each one
   * whose status passes (app null: gone).
   */
  async #read(
    keys: string[],
    filter: ListFilter,
    seen?: (id: string, app: Application | null, version: number) => void,
  ): Promise<StoredApplication[]> {
    const rows = await this.#d.calls.read(() =>
      Promise.all(keys.map((key) => this.#d.client.hmget(key, 'v', 'status', 'blob', 's'))),
    );
    const out: StoredApplication[] = [];
    for (const [i, [v, status, blob, state]] of rows.entries()) {
      if (v && blob && filter.status && status !== filter.status) continue;
      const id = this.#d.keys.idOfApp(keys[i]!);
      const stored = v && blob ? this.#d.open(id, Number(v), blob, state ?? '') : null;
      seen?.(id, stored?.app ?? null, Number(v ?? 0));
      if (stored && matchesFilter(stored.app, filter)) out.push(stored);
    }
    return out;
  }
}
