import { Notifiers } from '../camail/notify.js';
import { recogniseCaText } from '../camail/recognise-ca-mail.js';
import { analyzeCertificate, analyzeCsr } from '../cert/index.js';
import { siteChecker } from '../check/site-check-facts.js';
import type { Config } from '../config/config.js';
import { OutboxRelay } from '../conversation/outbox-relay.js';
import type { TurnServices } from '../conversation/run-turn.js';
import { corporateNumberDeps } from '../corpnum/engine-deps.js';
import type { EngineDeps } from '../flow/deps.js';
import type { Logger } from '../log/logger.js';
import type { ApplicationStore } from '../store/application-store.js';
import { LruCache } from '../store/lru-cache.js';
import { MemoryApplicationStore } from '../store/memory-store.js';

/**
 * CSR analysis is pure but not cheap (signature check, Fermat and ROCA weak-key tests: ~2.5 ms), and
 * the review step re-checks the stored CSR against the organisation on every turn: remember results.
 */
const csrResults = new LruCache<string, ReturnType<EngineDeps['analyzeCsr']>>(512);

function analyzeCsrOnce(input: string, expect?: Parameters<EngineDeps['analyzeCsr']>[1]) {
  // `now` is not part of the key: a CSR's analysis does not depend on the date.
  const key = JSON.stringify([input, expect?.organizationName ?? null, expect?.countryCode ?? null]);
  let result = csrResults.get(key);
  if (!result) {
    result = analyzeCsr(input, expect);
    csrResults.set(key, result);
  }
  return result;
}

/** The engine's pure helpers, bound to their real implementations. */
export const engineDeps: EngineDeps = {
  analyzeCsr: analyzeCsrOnce,
  analyzeCertificate: (input, opts) => analyzeCertificate(input, opts),
  recogniseCaText: (text) => recogniseCaText(text),
};

/** Picks the store: the embedded memory store unless configuration names another (and says which). */
export async function createStore(config: Config, logger: Logger): Promise<ApplicationStore> {
  // Imported when chosen: ioredis and better-sqlite3 stay unloaded for the embedded memory store.
  if (config.redis.url)
    return (await import('../store/create-redis-store.js')).createRedisStore(config.redis, logger);
  if (config.store.kind === 'sqlite')
    return (await import('../store/create-sqlite-store.js')).createSqliteStore(config, logger);
  logger.info(
    'using the embedded in-memory store: applications are lost when the bot stops (set REDIS_URL to keep them)',
  );
  // The same retention as in Redis: a long-running console or test bot does not keep everything.
  return new MemoryApplicationStore({ retention: config.redis.retention });
}

/** What every channel is given: the turn services and the relay that delivers committed replies. */
export interface AppServices extends TurnServices {
  relay: OutboxRelay;
  notifiers: Notifiers;
}

export async function createServices(config: Config, logger: Logger): Promise<AppServices> {
  const store = await createStore(config, logger);
  const relay = new OutboxRelay({ store, logger });
  // A channel that registers a deliverer with the relay gets its replies written with each turn.
  // The optional corporate-number question and the NTA lookup, when configured (off by default).
  const deps: EngineDeps = { ...engineDeps, ...corporateNumberDeps(config.nta, logger) };
  return {
    store,
    deps,
    clock: () => new Date(),
    logger,
    relay,
    durable: relay.durable,
    siteCheck: siteChecker(),
    notifiers: new Notifiers(),
  };
}
