import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { DataKeys } from './data-keys.js';
import { keyFileKeys } from './sqlite-keys.js';
import { SqliteApplicationStore } from './sqlite-store.js';

/** The keys of the SQLite store: DATA_KEYS when set, else the key file in DATA_DIR (made on first use). */
function sqliteDataKeys(config: Config, logger: Logger): DataKeys {
  const spec = config.redis.dataKeys ?? config.store.dataKeys;
  if (spec) return new DataKeys(spec);
  const k = keyFileKeys(config.store.dataDir);
  logger.info(
    { keyFile: k.file },
    k.generated
      ? 'generated a data key file (mode 0600): back it up with the database'
      : 'using the data key file',
  );
  return new DataKeys(k.keys);
}

/** Opens the SQLite store named by the configuration and says which file (and key) it uses. */
export function createSqliteStore(
  config: Config,
  logger: Logger,
  options: { hold?: boolean } = {},
): SqliteApplicationStore {
  const keys = sqliteDataKeys(config, logger);
  const store = new SqliteApplicationStore({
    path: config.store.databasePath,
    keys,
    retention: config.redis.retention,
    ...(options.hold === false ? { hold: false } : {}),
  });
  logger.info({ file: config.store.databasePath, kid: keys.currentKid }, 'using the SQLite store');
  return store;
}
