import type { RetentionSettings } from '../config/redis.js';
import { DAY_MS } from '../flow/days.js';
import type { Logger } from '../log/logger.js';
import { AppCodec, type EncodedApplication } from './app-codec.js';
import type {
  ApplicationStore,
  AuditEntry,
  ListFilter,
  OutboxEntry,
  SaveRequest,
  SaveResult,
  StoredApplication,
  TurnRead,
} from './application-store.js';
import { type DataKeys, randomToken } from './data-keys.js';
import { LruCache } from './lru-cache.js';
import { AuditCodec } from './redis-audit.js';
import { RedisBindings } from './redis-bindings.js';
import { RedisCalls } from './redis-calls.js';
import { closeClient, type RedisClient } from './redis-connection.js';
import { RedisListIndex } from './redis-index.js';
import { RedisKeys } from './redis-keys.js';
import { RedisOutbox } from './redis-outbox.js';
import { decodePeek, decodeSave, decodeTurnRead, type PeekReply } from './redis-replies.js';
import { defineScripts, type Scripts, scriptWord } from './redis-scripts.js';
import { expiryFor, pruneIssued } from './retention.js';

export interface RedisStoreOptions {
  client: RedisClient;
  keys: DataKeys;
  prefix?: string;
  retention: RetentionSettings;
  /** How long a processed event id is remembered (default 7 days). */
  eventTtlMs?: number;
  /** Audit entries kept per application (default 1000). */
  auditCap?: number;
  /** Applications held in the in-process cache (default 1000; 0 turns it off). */
  cacheSize?: number;
  /** The clock of event expiry (default Date.now). */
  now?: () => number;
  /** How long a write whose answer was lost waits for Redis to come back before giving up (default 3 s). */
  settleMs?: number;
  logger?: Logger;
}

/**
 * An application as Redis holds it at `version` (staleness is caught by the compare-and-set), and the
 * index entries its `m` holds at that version when this process wrote them (undefined: not known).
 */
type Cached = EncodedApplication & { version: number; m?: string };

/**
 * The application store in Redis (ioredis: standalone, Sentinel or Cluster). Everything personal about
 * an application is one AES-256-GCM envelope (`blob`), re-sealed only when it changes (app-codec.ts);
 * its step state `s` (answers, dates, language: no personal data), `v`, `status`, `flow` and the write
 * token `w` are plain, for the scripts and for `list`. Audit entries keep their actor encrypted. See
 * redis-scripts.ts for what one turn's read and write do, redis-keys.ts for the key layout,
 * redis-bindings.ts for conversations, redis-index.ts for `list` and redis-outbox.ts for owed replies.
 */
export class RedisApplicationStore implements ApplicationStore {
  readonly #client: RedisClient;
  readonly #scripts: Scripts;
  readonly #data: DataKeys;
  readonly #keys: RedisKeys;
  readonly #retention: RetentionSettings;
  readonly #eventTtlMs: number;
  readonly #auditCap: number;
  readonly #cluster: boolean;
  readonly #cache: LruCache<string, Cached>;
  readonly #bindings: RedisBindings;
  readonly #now: () => number;
  readonly #audit: AuditCodec;
  readonly #calls: RedisCalls;
  readonly #codec: AppCodec;
  readonly #logger: Logger | undefined;
  readonly #outbox: RedisOutbox;
  /** The question each conversation was last shown, as this process wrote or read it. */
  readonly #shown: LruCache<string, string | null>;
  readonly #index: RedisListIndex;

  constructor(options: RedisStoreOptions) {
    this.#client = options.client;
    this.#data = options.keys;
    this.#keys = new RedisKeys(options.prefix ?? 'evssl:');
    this.#retention = options.retention;
    this.#eventTtlMs = options.eventTtlMs ?? 7 * 24 * 3600 * 1000;
    this.#auditCap = options.auditCap ?? 1000;
    this.#cluster = options.client.isCluster;
    this.#cache = new LruCache(options.cacheSize ?? 1000);
    this.#now = options.now ?? Date.now;
    this.#audit = new AuditCodec(options.keys);
    this.#codec = new AppCodec(options.keys);
    this.#calls = new RedisCalls(options.client, options.settleMs ?? 3000, options.logger);
    this.#logger = options.logger;
    this.#scripts = defineScripts(this.#client);
    this.#bindings = new RedisBindings({
      client: this.#client,
      calls: this.#calls,
      keys: this.#keys,
      data: this.#data,
      scripts: this.#scripts,
      now: this.#now,
      cacheSize: options.cacheSize === 0 ? 0 : 10 * (options.cacheSize ?? 1000),
    });
    this.#outbox = new RedisOutbox(this.#client, this.#calls, this.#keys, this.#data, this.#scripts);
    this.#shown = new LruCache(options.cacheSize === 0 ? 0 : 10 * (options.cacheSize ?? 1000));
    this.#index = new RedisListIndex({
      client: this.#client,
      calls: this.#calls,
      keys: this.#keys,
      data: this.#data,
      scripts: this.#scripts,
      retention: this.#retention,
      now: this.#now,
      logger: this.#logger,
      open: (id, version, blob, state) => this.#remember(id, version, blob, state),
    });
  }

  /** The ioredis client (tests and the bench count its commands; nothing else should use it). */
  get client(): RedisClient {
    return this.#client;
  }

  get prefix(): string {
    return this.#keys.prefix;
  }

  async loadForTurn(conversation: string, eventId?: string): Promise<TurnRead> {
    const boundId = this.#bindings.cached(conversation);
    const cached = boundId ? this.#cache.get(boundId) : undefined;
    if (boundId && cached) {
      // No round trip: the compare-and-set of `save` catches a stale cache, and answers a duplicate.
      const shown = this.#shown.get(conversation);
      return {
        applicationId: boundId,
        stored: this.#parse(cached),
        duplicate: false,
        ...(shown !== undefined ? { shown } : {}),
      };
    }
    const convKey = this.#keys.conversation(conversation);
    let read: ({ id: string } & PeekReply) | null;
    if (this.#cluster) {
      const bound = await this.#calls.read(() => this.#client.get(convKey));
      read = bound
        ? { id: bound, ...(await this.#peek(bound, eventId, this.#keys.shownField(convKey))) }
        : null;
    } else {
      const field = eventId === undefined ? '' : this.#keys.eventField(eventId);
      const now = this.#now();
      read = decodeTurnRead(
        await this.#calls.read(() => this.#scripts.evsslTurnRead(1, convKey, this.#keys.prefix, field, now)),
      );
    }
    if (!read) return { applicationId: null, stored: null, duplicate: false };
    const { id, shown } = read;
    this.#bindings.remember(conversation, id);
    const stored = this.#remember(id, read.version, read.blob, read.state);
    if (shown !== undefined) this.#shown.set(conversation, shown);
    return {
      applicationId: id,
      stored,
      duplicate: read.duplicate,
      ...(shown !== undefined ? { shown } : {}),
    };
  }

  async load(id: string): Promise<StoredApplication | null> {
    const { version, blob, state } = await this.#peek(id, undefined, '');
    return this.#remember(id, version, blob, state);
  }

  async save(request: SaveRequest): Promise<SaveResult> {
    const app = pruneIssued(request.app, this.#retention.issuedKeep);
    const { app: appKey, audit, convs, out } = this.#keys.app(app.id);
    const { claim } = request;
    const now = this.#now();
    const ttl = Math.max(1, Math.round(expiryFor(app, this.#retention)));
    if (claim && this.#cluster) {
      // Another slot: claimed before the state is written (a claim left by a crash is re-used: the
      // turn that finds the conversation bound to an application that does not exist takes its id).
      const convKey = this.#keys.conversation(claim.conversation);
      const other = String(
        await this.#calls.write(() =>
          this.#scripts.evsslClaim(1, convKey, claim.expected ?? '', app.id, ttl),
        ),
      );
      if (other !== '') return { status: 'bound', applicationId: other };
    }
    const bound = this.#cluster
      ? []
      : [
          ...(claim ? [claim.conversation] : []),
          ...(request.bind ?? []).filter((c) => c !== claim?.conversation),
        ];
    const keys = [appKey, audit, convs, out, ...bound.map((c) => this.#keys.conversation(c))];
    const shownField = request.shown
      ? this.#keys.shownField(this.#keys.conversation(request.shown.conversation))
      : '';
    const outbox = this.#outbox.seal(app.id, request.expectedVersion + 1, request.outbox ?? [], now);
    const cached = this.#cache.get(app.id);
    const { state, entry, reused } = this.#codec.encode(
      app,
      cached?.version === request.expectedVersion ? cached : undefined,
    );
    const slack = Math.min(DAY_MS, Math.round(ttl / 100));
    // An unchanged personal part (the cached one) under the entries this process filed at the expected
    // version: nothing to compute, send or compare. Every input of the entries (members, the CSR's names,
    // the order number: indexTerms) is personal, so `reused` means the same entries; a term read from the
    // plain step state would need its own check here. Otherwise the script compares the list.
    const known = reused && cached?.m !== undefined ? cached.m : undefined;
    const entries = known ?? this.#index.entries(app);
    const args = [
      request.expectedVersion,
      reused ? '' : entry.sealed,
      state,
      randomToken(),
      request.eventId === undefined ? '' : this.#keys.eventField(request.eventId),
      `${scriptWord(app.status)} ${scriptWord(app.flow)} ${Math.round(now)} ${ttl} ${Math.round(this.#eventTtlMs)} ${slack} ${this.#auditCap} ${this.#cluster ? 0 : 1} ${app.id}`,
      request.audit ? this.#audit.encode(app.id, request.audit) : '',
      known === undefined ? entries : '=',
      shownField,
      request.shown ? (request.shown.question ?? '.') : '',
      claim && !this.#cluster ? `c:${claim.expected ?? ''}` : '',
      outbox.written.length,
      ...outbox.args,
      ...bound.map((c) => this.#bindings.seal(app.id, c, now)),
    ];
    const reply = decodeSave(
      await this.#calls.write(() => this.#scripts.evsslSave(keys.length, ...keys, ...args)),
    );
    if (reply.kind === 'duplicate') return { status: 'duplicate' };
    if (reply.kind === 'bound') return { status: 'bound', applicationId: reply.applicationId };
    if (reply.kind === 'conflict') {
      const current = this.#remember(app.id, reply.version, reply.blob, reply.state);
      const { shown } = reply;
      if (request.shown && shown !== undefined) this.#shown.set(request.shown.conversation, shown);
      return { status: 'conflict', current, ...(shown !== undefined ? { shown } : {}) };
    }
    const { version } = reply;
    let m: string | undefined = entries;
    if (reply.kind === 'index') {
      // A Cluster: the index sets are other slots, filed now that the state is committed.
      const filed = await this.#index.file(
        app.id,
        version,
        reply.before,
        reply.pending ? entries : undefined,
        ttl + slack,
      );
      // Not filed: `m` stays pending, and the next write sends its list again (and so files it).
      if (reply.pending && !filed) m = undefined;
    }
    this.#cache.set(app.id, { version, ...entry, m });
    if (request.shown) this.#shown.set(request.shown.conversation, request.shown.question);
    const joined = (request.bind ?? []).filter((c) => c !== claim?.conversation);
    await this.#bindings.committed(app.id, [...(claim ? [claim.conversation] : []), ...joined]);
    if (this.#cluster && outbox.written.length > 0) {
      // Best effort: the entries are committed; only a relay sweeping for a crashed process needs this.
      await this.#outbox.fileOwed(app.id, now).catch(() => {
        this.#logger?.warn({ applicationId: app.id }, 'owed replies not filed for the relay');
      });
    }
    return { status: 'saved', version, outbox: outbox.written };
  }

  owed(olderThanMs: number, limit: number): Promise<string[]> {
    return this.#outbox.owed(olderThanMs, limit, this.#now());
  }

  claimOwed(applicationId: string, holder: string, leaseMs: number): Promise<OutboxEntry[] | null> {
    return this.#outbox.claim(applicationId, holder, leaseMs);
  }

  delivered(applicationId: string, ids: string[], holder?: string): Promise<void> {
    return this.#outbox.delivered(applicationId, ids, holder);
  }

  async claimEvent(eventId: string): Promise<boolean> {
    const key = this.#keys.event(eventId);
    const ttl = Math.round(this.#eventTtlMs);
    return (await this.#calls.write(() => this.#client.set(key, '1', 'PX', ttl, 'NX'))) === 'OK';
  }

  async isProcessed(eventId: string, applicationId?: string): Promise<boolean> {
    if (applicationId === undefined) {
      throw new TypeError(
        'RedisApplicationStore.isProcessed needs the application id (events are per application)',
      );
    }
    const { app } = this.#keys.app(applicationId);
    const until = await this.#calls.read(() => this.#client.hget(app, this.#keys.eventField(eventId)));
    return until !== null && Number(until) > this.#now();
  }

  resolve(conversation: string): Promise<string | null> {
    return this.#bindings.resolve(conversation);
  }

  bind(conversation: string, applicationId: string): Promise<void> {
    return this.#bindings.bind(conversation, applicationId);
  }

  conversations(applicationId: string): Promise<string[]> {
    return this.#bindings.conversations(applicationId);
  }

  /** See RedisListIndex.list: by an indexed term, or every application by SCAN. */
  list(filter: ListFilter = {}): Promise<StoredApplication[]> {
    return this.#index.list(filter);
  }

  async audit(applicationId: string): Promise<AuditEntry[]> {
    const { audit } = this.#keys.app(applicationId);
    const entries = await this.#calls.read(() => this.#client.xrange(audit, '-', '+'));
    return entries.map(([, flat]) => this.#audit.decode(applicationId, flat));
  }

  async close(): Promise<void> {
    await closeClient(this.#client);
  }

  async #peek(id: string, eventId: string | undefined, shownField: string): Promise<PeekReply> {
    const { app } = this.#keys.app(id);
    const field = eventId === undefined ? '' : this.#keys.eventField(eventId);
    const now = this.#now();
    return decodePeek(await this.#calls.read(() => this.#scripts.evsslPeek(1, app, field, now, shownField)));
  }

  /**
   * Decrypts what Redis holds and refreshes the cache with it (null: no such application). The cached
   * entry answers when it holds this very version and envelope (a listed application, most often).
   */
  #remember(id: string, version: number, blob: string, state: string): StoredApplication | null {
    if (version === 0 || blob === '') {
      this.#cache.delete(id);
      return null;
    }
    const cached = this.#cache.get(id);
    if (cached?.version === version && cached.sealed === blob) return this.#parse(cached);
    const entry = { version, ...this.#codec.decode(id, state, blob) };
    this.#cache.set(id, entry);
    return this.#parse(entry);
  }

  #parse(entry: Cached): StoredApplication {
    return { app: this.#codec.read(entry), version: entry.version };
  }
}
