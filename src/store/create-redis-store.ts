import type { RedisSettings } from '../config/redis.js';
import { CodedError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { DataKeys } from './data-keys.js';
import {
  type ConnectionOptions,
  createRedisClient,
  describeTarget,
  logConnectionEvents,
} from './redis-connection.js';
import { RedisApplicationStore, type RedisStoreOptions } from './redis-store.js';
import { StoreUnavailableError } from './store-errors.js';

export type RedisStoreTuning = ConnectionOptions &
  Pick<RedisStoreOptions, 'eventTtlMs' | 'auditCap' | 'cacheSize' | 'settleMs'>;

/**
 * Connects to the configured Redis and returns the store. Redis unreachable at start: throws
 * StoreUnavailableError naming the target (never the password); later outages are survived.
 */
export async function createRedisStore(
  settings: RedisSettings,
  logger: Logger,
  tuning: RedisStoreTuning = {},
): Promise<RedisApplicationStore> {
  if (!settings.dataKeys) throw new CodedError('data_key_invalid', 'the Redis store needs DATA_KEYS');
  const target = describeTarget(settings);
  const client = createRedisClient(settings, tuning);
  logConnectionEvents(client, logger, target);
  try {
    await client.connect();
  } catch {
    client.disconnect();
    throw new StoreUnavailableError(
      false,
      `cannot reach Redis at ${target}: check REDIS_URL and that Redis runs`,
    );
  }
  logger.info(
    { target, prefix: settings.prefix, kid: new DataKeys(settings.dataKeys).currentKid },
    'using the Redis store',
  );
  return new RedisApplicationStore({
    client,
    keys: new DataKeys(settings.dataKeys),
    prefix: settings.prefix,
    retention: settings.retention,
    logger,
    ...tuning,
  });
}
