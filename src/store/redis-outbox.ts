import type { NewOutboxEntry, OutboxEntry } from './application-store.js';
import type { DataKeys } from './data-keys.js';
import type { RedisCalls } from './redis-calls.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';

import type { Scripts } from './redis-scripts.js';

export type OutboxScripts = Pick<Scripts, 'evsslOutboxClaim' | 'evsslOutboxDone'>;

/**
 * The reply outbox of the Redis store: entries are written by the save script (redis-scripts.ts), each
 * sealed like the personal part (replies echo what people typed), bound to its application and entry
 * id; this reads, leases and forgets them.
 */
export class RedisOutbox {
  constructor(
    private readonly client: RedisClient,
    private readonly calls: RedisCalls,
    private readonly keys: RedisKeys,
    private readonly data: DataKeys,
    private readonly scripts: OutboxScripts,
  ) {}

  /** The save script's outbox arguments: ids `<version>.<n>`, sealed entries, in pairs. */
  seal(applicationId: string, version: number, entries: NewOutboxEntry[], at: number) {
    const written: OutboxEntry[] = entries.map((e, i) => ({ ...e, id: `${version}.${i}`, at }));
    const args = written.flatMap((e) => [e.id, this.data.sealJson(e, this.#aad(applicationId, e.id))]);
    return { written, args };
  }

  async owed(olderThanMs: number, limit: number, now: number): Promise<string[]> {
    return this.calls.read(() =>
      this.client.zrangebyscore(this.keys.owed, '-inf', now - olderThanMs, 'LIMIT', 0, limit),
    );
  }

  async claim(applicationId: string, holder: string, leaseMs: number): Promise<OutboxEntry[] | null> {
    const { lease, out } = this.keys.app(applicationId);
    const reply = (await this.calls.write(() =>
      this.scripts.evsslOutboxClaim(2, lease, out, holder, Math.max(1, Math.round(leaseMs))),
    )) as string[] | null;
    if (!reply) return null;
    const entries: OutboxEntry[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      try {
        entries.push(this.data.openJson(reply[i + 1]!, this.#aad(applicationId, reply[i]!)) as OutboxEntry);
      } catch {
        // Sealed under a key since dropped from DATA_KEYS: it cannot be delivered; forget it.
        await this.delivered(applicationId, [reply[i]!]);
      }
    }
    return entries.sort(byEntryId);
  }

  /** Forgets delivered entries (and the lease of `holder`); the owed set follows (a Cluster: here). */
  async delivered(applicationId: string, ids: string[], holder?: string): Promise<void> {
    const { out, lease } = this.keys.app(applicationId);
    const keys = this.client.isCluster ? [out, lease] : [out, lease, this.keys.owed];
    const left = Number(
      await this.calls.write(() =>
        this.scripts.evsslOutboxDone(keys.length, ...keys, holder ?? '', applicationId, ...ids),
      ),
    );
    if (left === 0 && this.client.isCluster) {
      await this.calls.write(() => this.client.zrem(this.keys.owed, applicationId));
    }
  }

  /** A Cluster files the application in the owed set after the commit (another slot). */
  async fileOwed(applicationId: string, at: number): Promise<void> {
    await this.calls.write(() => this.client.zadd(this.keys.owed, 'NX', at, applicationId));
  }

  #aad(applicationId: string, entryId: string): string {
    return `${applicationId}|o:${entryId}`;
  }
}

/** Orders entry ids `<version>.<n>` as numbers: commit order, then order within the commit. */
export function byEntryId(a: OutboxEntry, b: OutboxEntry): number {
  const [av = 0, an = 0] = a.id.split('.').map(Number);
  const [bv = 0, bn = 0] = b.id.split('.').map(Number);
  return av - bv || an - bn;
}
