import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { outboxCorrelation } from '../ops/correlation.js';
import { metrics } from '../ops/metrics.js';
import type { ApplicationStore, OutboxEntry } from '../store/application-store.js';
import { channelOfKey } from './conversation-key.js';

/**
 * Sends one owed entry. `retry`: a transient failure (rate limit, network, the platform down): it stays
 * owed and is tried again later. `drop`: it can never be delivered (the channel is gone): forgotten.
 */
export type DeliveryResult = 'delivered' | 'retry' | 'drop';
export type Deliverer = (entry: OutboxEntry, context: DeliveryContext) => Promise<DeliveryResult>;

export interface DeliveryContext {
  applicationId: string;
  /**
   * Owed by a process that may have sent it before it died (a sweep): a deliverer that can tell what
   * the platform already holds (Slack: the message metadata) sends only what is missing.
   */
  recovering: boolean;
}

export interface OutboxRelayOptions {
  store: ApplicationStore;
  logger: Logger;
  /** How often the relay looks for replies owed by a process that crashed (default 2 s). */
  sweepMs?: number;
  /** Entries younger than this are left to the process that committed them (default 5 s). */
  olderThanMs?: number;
  /** How long a sweeping relay holds an application's entries (default 30 s). */
  leaseMs?: number;
  /** The clock entries are dated by (the store's; default Date.now). */
  now?: () => number;
}

/**
 * Delivers the replies committed with each turn (the store's outbox): at once by the process that ran
 * the turn, and — when that process died before it had — by whichever process sweeps first, under a
 * lease so two do not both send. An entry is forgotten once delivered: replies are delivered at least
 * once, in commit order per application; a crash between sending and forgetting sends it again unless
 * the deliverer can read back what the platform holds (Slack can: `recovering`).
 */
export class OutboxRelay {
  readonly #store: ApplicationStore;
  readonly #logger: Logger;
  readonly #deliverers = new Map<string, Deliverer>();
  readonly #holder = `relay-${process.pid}-${randomBytes(4).toString('hex')}`;
  /** Per application, the delivery running now: entries of one application go out one after another. */
  readonly #chains = new Map<string, Promise<void>>();
  readonly #sweepMs: number;
  readonly #olderThanMs: number;
  readonly #leaseMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;

  constructor(options: OutboxRelayOptions) {
    this.#store = options.store;
    this.#logger = options.logger.child({ part: 'outbox' });
    this.#sweepMs = options.sweepMs ?? 2000;
    this.#olderThanMs = options.olderThanMs ?? 5000;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** A channel delivers the conversations whose key starts with `prefix` (`slack:`). */
  register(prefix: string, deliverer: Deliverer): void {
    this.#deliverers.set(prefix, deliverer);
  }

  /** Whether a conversation's replies go through the outbox (a channel here delivers them). */
  readonly durable = (conversation: string): boolean => this.#delivererOf(conversation) !== undefined;

  /** Delivers a committed turn's entries now (after the ones of the application still going out). */
  deliver(applicationId: string, entries: OutboxEntry[]): Promise<void> {
    const m = metrics();
    for (const e of entries) m.repliesOwed.inc({ channel: channelOfKey(e.conversation) });
    m.outboxPending.inc(entries.length);
    return this.#chain(applicationId, async () => {
      try {
        const done = await this.#send(applicationId, entries, false);
        if (done.length > 0) await this.#forget(applicationId, done, undefined);
      } finally {
        m.outboxPending.dec(entries.length);
      }
    });
  }

  /** Starts sweeping for owed replies of processes that crashed. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#sweeping ??= this.sweep().finally(() => {
        this.#sweeping = undefined;
      });
    }, this.#sweepMs);
    this.#timer.unref();
  }

  /** One sweep: every application owing replies long enough, leased, delivered, released. */
  async sweep(): Promise<void> {
    let ids: string[];
    try {
      ids = await this.#store.owed(this.#olderThanMs, 100);
    } catch (err) {
      this.#logger.debug(
        { code: (err as { code?: string }).code },
        'outbox sweep skipped: store unavailable',
      );
      return;
    }
    metrics().outboxOwedApplications.set(ids.length);
    let oldest = 0;
    for (const id of ids) {
      if (this.#chains.has(id)) continue;
      await this.#chain(id, async () => {
        const owed = await this.#store.claimOwed(id, this.#holder, this.#leaseMs);
        if (!owed) return;
        for (const e of owed) oldest = Math.max(oldest, (this.#now() - e.at) / 1000);
        const due = owed.filter((e) => this.#now() - e.at >= this.#olderThanMs);
        const done = await this.#send(id, due, true);
        await this.#forget(id, done, this.#holder);
        if (done.length > 0)
          this.#logger.info({ applicationId: id, delivered: done.length }, 'owed replies delivered');
      });
    }
    metrics().outboxOldestSeconds.set(oldest);
  }

  /** Resolves once every delivery started so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#chains.size > 0 || this.#sweeping) {
      await Promise.allSettled([...this.#chains.values(), this.#sweeping]);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.idle();
  }

  /**
   * Sends entries in order; stops at the first that must be retried (later ones keep their order). Each
   * delivery is logged under its turn's correlation id (src/ops/correlation.ts), a sweep's too.
   */
  async #send(applicationId: string, entries: OutboxEntry[], recovering: boolean): Promise<string[]> {
    const done: string[] = [];
    for (const entry of entries) {
      const deliverer = this.#delivererOf(entry.conversation);
      if (!deliverer) break;
      const channel = channelOfKey(entry.conversation);
      const ids = {
        channel,
        applicationId,
        entry: entry.id,
        corr: outboxCorrelation(applicationId, entry.id),
      };
      let result: DeliveryResult;
      try {
        result = await deliverer(entry, { applicationId, recovering });
      } catch (err) {
        this.#logger.warn({ ...ids, code: (err as { code?: string }).code }, 'reply delivery failed');
        result = 'retry';
      }
      if (result === 'delivered') metrics().repliesDelivered.inc({ channel });
      else metrics().repliesFailed.inc({ channel, reason: result });
      if (result === 'delivered') this.#logger.info({ ...ids, recovering }, 'reply delivered');
      if (result === 'retry') {
        this.#logger.debug(ids, 'reply not delivered: kept owed, retried later');
        break;
      }
      if (result === 'drop') this.#logger.warn(ids, 'reply cannot be delivered: dropped');
      done.push(entry.id);
    }
    return done;
  }

  async #forget(applicationId: string, ids: string[], holder: string | undefined): Promise<void> {
    try {
      await this.#store.delivered(applicationId, ids, holder);
    } catch (err) {
      // Still owed in the store: a sweep delivers it again later (at least once).
      this.#logger.warn(
        { applicationId, code: (err as { code?: string }).code },
        'delivered replies not recorded',
      );
    }
  }

  #chain(applicationId: string, work: () => Promise<void>): Promise<void> {
    const before = this.#chains.get(applicationId) ?? Promise.resolve();
    const next = before.then(work).catch((err: unknown) => {
      this.#logger.warn(
        { applicationId, code: (err as { code?: string }).code },
        'outbox delivery interrupted',
      );
    });
    this.#chains.set(applicationId, next);
    void next.finally(() => {
      if (this.#chains.get(applicationId) === next) this.#chains.delete(applicationId);
    });
    return next;
  }

  #delivererOf(conversation: string): Deliverer | undefined {
    for (const [prefix, deliverer] of this.#deliverers) if (conversation.startsWith(prefix)) return deliverer;
    return undefined;
  }
}
