import type { RegistryLookup, RegistryRecord } from '../flow/corporate.js';
import type { Logger } from '../log/logger.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { fetchCorporateRecord, type NtaClientOptions, NtaLookupError } from './nta-client.js';

export interface CorporateRegistryOptions extends NtaClientOptions {
  /** How long an answer (found or not found) is kept: 30 days by default (NTA_CACHE_DAYS). */
  cacheMs: number;
  logger: Logger;
  clock?: () => number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breakerThreshold?: number;
  breakerOpenMs?: number;
  /** A failed lookup is not retried for this long (the circuit handles an outage; this, one bad answer). */
  retryAfterMs?: number;
  /** Entries kept at most (oldest dropped first). */
  maxEntries?: number;
  /** The lookup function (the Web-API client by default). */
  fetchRecord?: (number: string) => Promise<RegistryRecord | undefined>;
}

type Entry =
  | { kind: 'answer'; record: RegistryRecord | undefined; until: number }
  | { kind: 'failed'; until: number };

/**
 * The NTA registry behind a cache, for the flow's `corporateRegistry` dependency: `peek` answers at once
 * from what is known and, for an unknown number, starts the lookup in the background and answers
 * `pending` (the flow never waits on the network). Lookups time out after `timeoutMs` (5 s), answers are
 * cached for `cacheMs` (30 days), and a circuit breaker stops asking a registry that keeps failing.
 * In memory, per process: a restart asks again (the NTA allows it; nothing personal is kept).
 */
export class CorporateRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly breaker: CircuitBreaker;
  private readonly clock: () => number;
  private readonly fetchRecord: (number: string) => Promise<RegistryRecord | undefined>;

  constructor(private readonly options: CorporateRegistryOptions) {
    this.clock = options.clock ?? Date.now;
    this.breaker = new CircuitBreaker({
      threshold: options.breakerThreshold ?? 3,
      openMs: options.breakerOpenMs ?? 60_000,
      clock: this.clock,
    });
    this.fetchRecord = options.fetchRecord ?? ((n) => fetchCorporateRecord(n, options));
  }

  get circuit(): CircuitBreaker['state'] {
    return this.breaker.state;
  }

  peek(number: string): RegistryLookup {
    const now = this.clock();
    const entry = this.entries.get(number);
    if (entry && entry.until > now) {
      if (entry.kind === 'failed') return { status: 'unavailable' };
      return entry.record ? { status: 'found', record: entry.record } : { status: 'not-found' };
    }
    if (this.inFlight.has(number)) return { status: 'pending' };
    if (!this.breaker.allow()) return { status: 'unavailable' };
    const job = this.lookup(number).finally(() => this.inFlight.delete(number));
    this.inFlight.set(number, job);
    return { status: 'pending' };
  }

  /** Resolves when every lookup started so far has settled (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight.values()]);
  }

  private async lookup(number: string): Promise<void> {
    const log = this.options.logger.child({ component: 'nta' });
    try {
      const record = await this.fetchRecord(number);
      this.breaker.success();
      this.remember(number, { kind: 'answer', record, until: this.clock() + this.options.cacheMs });
    } catch (err) {
      this.breaker.failure();
      const code = err instanceof NtaLookupError ? err.reason : 'unexpected';
      const status = err instanceof NtaLookupError ? err.status : undefined;
      // The number is not personal data, but the application ID is a credential: never in the log.
      log.warn({ code, status, circuit: this.breaker.state }, 'NTA corporate number lookup failed');
      this.remember(number, { kind: 'failed', until: this.clock() + (this.options.retryAfterMs ?? 300_000) });
    }
  }

  private remember(number: string, entry: Entry): void {
    this.entries.delete(number);
    this.entries.set(number, entry);
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
