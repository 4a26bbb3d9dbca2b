import { resolve } from 'node:path';
import { z } from 'zod';
import { type DataKey, DataKeyError, parseDataKeys } from '../store/data-keys.js';
import { ConfigError, type ConfigSection, optionalString } from './section.js';

/**
 * Which embedded store runs when REDIS_URL is unset (SQLite unless STORE=memory), and where its file
 * lives.
 */
export interface StoreSettings {
  kind: 'memory' | 'sqlite';
  /** The SQLite database file (absolute). */
  databasePath: string;
  /** The data folder: the generated key file lives here when DATA_KEYS is unset. */
  dataDir: string;
  /** DATA_KEYS if given (else a generated key file in `dataDir`). */
  dataKeys?: DataKey[];
}

export const storeSection: ConfigSection<StoreSettings> = {
  shape: {
    STORE: z.enum(['memory', 'sqlite']).default('sqlite'),
    DATABASE_PATH: optionalString(),
    DATA_DIR: optionalString(),
  },
  fixes: {
    STORE: 'set STORE to sqlite (a file that survives a restart) or memory (lost on exit), or unset it',
  },
  read: (env) => {
    const dataDir = resolve((env.DATA_DIR as string | undefined) ?? 'data');
    const file = env.DATABASE_PATH as string | undefined;
    const spec = env.DATA_KEYS as string | undefined;
    let dataKeys: DataKey[] | undefined;
    try {
      dataKeys = spec ? parseDataKeys(spec) : undefined;
    } catch (err) {
      if (err instanceof DataKeyError) throw new ConfigError([`DATA_KEYS: ${err.message}`]);
      throw err;
    }
    return {
      ...(dataKeys ? { dataKeys } : {}),
      kind: env.STORE as StoreSettings['kind'],
      dataDir,
      databasePath: file ? resolve(file) : resolve(dataDir, 'evssl-bot.db'),
    };
  },
};
