import { recogniseCaText } from '../camail/recognise-ca-mail.js';
import { analyzeCertificate, analyzeCsr } from '../cert/index.js';
import type { Config } from '../config/config.js';
import type { TurnServices } from '../conversation/run-turn.js';
import type { EngineDeps } from '../flow/deps.js';
import type { Logger } from '../log/logger.js';
import type { ApplicationStore } from '../store/application-store.js';
import { createRedisStore } from '../store/create-redis-store.js';
import { MemoryApplicationStore } from '../store/memory-store.js';

/** The engine's pure helpers, bound to their real implementations. */
export const engineDeps: EngineDeps = {
  analyzeCsr: (input, expect) => analyzeCsr(input, expect),
  analyzeCertificate: (input, opts) => analyzeCertificate(input, opts),
  recogniseCaText: (text) => recogniseCaText(text),
};

/** Picks the store: the embedded memory store unless configuration names another (and says which). */
export async function createStore(config: Config, logger: Logger): Promise<ApplicationStore> {
  if (config.redis.url) return createRedisStore(config.redis, logger);
  logger.info(
    'using the embedded in-memory store: applications are lost when the bot stops (set REDIS_URL to keep them)',
  );
  return new MemoryApplicationStore();
}

export async function createServices(config: Config, logger: Logger): Promise<TurnServices> {
  return { store: await createStore(config, logger), deps: engineDeps, logger };
}
