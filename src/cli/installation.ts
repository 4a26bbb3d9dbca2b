import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { CtState } from '../ct/ct-state.js';
import { SqliteCtState } from '../ct/sqlite-ct-state.js';
import type { Logger } from '../log/logger.js';
import type { MailStateStore } from '../mail/mail-state-store.js';
import { SqliteMailState } from '../mail/sqlite-mail-state.js';
import type { RunningReminders } from '../remind/create-reminders.js';
import { createNotifier } from '../remind/notifier.js';
import type { CertificateRegistry } from '../remind/registry.js';
import type { ReminderSchedule } from '../remind/scheduler.js';
import { createSqliteReminders } from '../remind/sqlite-reminders.js';
import type { ApplicationStore } from '../store/application-store.js';
import { createSqliteStore } from '../store/create-sqlite-store.js';
import { DataKeys } from '../store/data-keys.js';
import { MemoryApplicationStore } from '../store/memory-store.js';

/** What a CLI command opens of an installation: its durable store, reminders and data keys. */
export interface Installation {
  kind: 'redis' | 'sqlite';
  /** The applications (with `applications: false`, a throwaway memory store on Redis). */
  store: ApplicationStore;
  reminders: RunningReminders<CertificateRegistry, ReminderSchedule>;
  /** The email channel's state beside the applications (threads: who to answer, References). */
  mail: Pick<MailStateStore, 'getThread' | 'setThread'>;
  /** The CT watch's cursors (a moved installation goes on from them instead of a new baseline). */
  ct: Pick<CtState, 'cursors' | 'cursor' | 'setCursor' | 'markPolled' | 'polled'>;
  /** The keys personal data is sealed with (undefined: Redis without DATA_KEYS). */
  keys: DataKeys | undefined;
  close(): Promise<void>;
}

/**
 * Opens the configured durable store for a CLI command: Redis (REDIS_URL), else the SQLite file, which a
 * running bot may hold (this command then only reads and writes it). Undefined for `STORE=memory`:
 * a command's memory is gone when it exits.
 */
export async function openInstallation(
  config: Config,
  logger: Logger,
  options: { applications: boolean; clock?: () => number },
): Promise<Installation | undefined> {
  const common = {
    notifier: createNotifier({}),
    logger,
    defaultTeam: config.remind.defaultTeam,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  if (config.redis.url) {
    const store = options.applications
      ? await (await import('../store/create-redis-store.js')).createRedisStore(config.redis, logger)
      : new MemoryApplicationStore();
    // ioredis is loaded for Redis only (the SQLite file needs neither).
    const { createReminders } = await import('../remind/create-reminders.js');
    const reminders = createReminders({
      ...common,
      redisUrl: config.redis.url,
      prefix: config.redis.prefix,
      store,
    });
    const { createRedisClient } = await import('../store/redis-connection.js');
    const { RedisMailState } = await import('../mail/redis-mail-state.js');
    const { RedisCtState } = await import('../ct/ct-state.js');
    const client = createRedisClient(config.redis);
    await client.connect();
    return {
      kind: 'redis',
      store,
      reminders,
      mail: new RedisMailState(client, config.redis.prefix),
      ct: new RedisCtState(client as Redis, config.redis.prefix),
      keys: config.redis.dataKeys ? new DataKeys(config.redis.dataKeys) : undefined,
      close: async () => {
        await reminders.stop();
        await store.close();
        client.disconnect();
      },
    };
  }
  if (config.store.kind !== 'sqlite') return undefined;
  const store = createSqliteStore(config, logger, { hold: false });
  const reminders = createSqliteReminders({ ...common, store });
  return {
    kind: 'sqlite',
    store,
    reminders,
    mail: new SqliteMailState(store.database, store.keys),
    ct: new SqliteCtState(store.database),
    keys: store.keys, // the store's own (DATA_KEYS or its key file), read once
    close: async () => {
      await reminders.stop();
      await store.close();
    },
  };
}
