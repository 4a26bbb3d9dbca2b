import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisSettings } from '../config/redis.js';
import type { Logger } from '../log/logger.js';

export type RedisClient = Redis | Cluster;

export interface ConnectionOptions {
  /** A command with no answer after this long fails (default 2 s). */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts (default 2 s). */
  maxReconnectDelayMs?: number;
}

/**
 * Fail fast, reconnect forever: a command issued while Redis is away fails at once (no offline queue),
 * a command in flight when the connection drops fails at once and is not resent by ioredis (the store
 * resends its own writes, with a token that makes the resend safe), and the client keeps reconnecting
 * in the background with capped back-off.
 */
function baseOptions(options: ConnectionOptions): RedisOptions {
  const cap = options.maxReconnectDelayMs ?? 2000;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), cap),
    lazyConnect: true,
  };
}

/** Where the store connects, for log lines: never the password. */
export function describeTarget(settings: RedisSettings): string {
  if (settings.clusterNodes)
    return `cluster ${settings.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  if (settings.sentinels) return `sentinel master ${settings.sentinelName ?? 'mymaster'}`;
  const url = new URL(settings.url ?? 'redis://127.0.0.1:6379');
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Creates (does not connect) the ioredis client for the configured topology. */
export function createRedisClient(settings: RedisSettings, options: ConnectionOptions = {}): RedisClient {
  const url = settings.url ?? 'redis://127.0.0.1:6379';
  const base = baseOptions(options);
  if (settings.clusterNodes) {
    const u = new URL(url);
    // The offline queue stays on here: ioredis's Cluster ready check needs it. The store itself refuses
    // to send while the client is not ready, so nothing queues behind an outage anyway.
    return new Cluster(settings.clusterNodes, {
      enableOfflineQueue: true,
      lazyConnect: true,
      clusterRetryStrategy: (attempt) => Math.min(100 * attempt, options.maxReconnectDelayMs ?? 2000),
      redisOptions: {
        ...base,
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
        ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
      },
    });
  }
  if (settings.sentinels) {
    return new Redis(url, {
      ...base,
      sentinels: settings.sentinels,
      name: settings.sentinelName ?? 'mymaster',
      ...(url.startsWith('rediss:') ? { enableTLSForSentinelMode: true } : {}),
    });
  }
  return new Redis(url, base);
}

/**
 * One warning when the connection drops, one line when it is back: an outage is visible in the log
 * without a line per failed command or reconnection attempt.
 */
export function logConnectionEvents(client: RedisClient, logger: Logger, target: string): void {
  let down = false;
  client.on('error', (err: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    logger.warn(
      { target, code: err.code ?? err.name },
      'Redis unreachable: turns fail fast and the bot reconnects on its own',
    );
  });
  client.on('close', () => {
    if (down) return;
    down = true;
    logger.warn({ target }, 'Redis connection closed: turns fail fast and the bot reconnects on its own');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ target }, 'Redis reconnected');
  });
}

/** Counts commands sent (each store call is one command, so this is its round trips). */
export function countCommands(client: RedisClient): () => number {
  let n = 0;
  const target = client as unknown as { sendCommand: (...args: unknown[]) => unknown };
  const send = target.sendCommand.bind(client);
  target.sendCommand = (...args: unknown[]) => {
    n += 1;
    return send(...args);
  };
  return () => n;
}

/** QUIT when connected (pending replies arrive first), otherwise drop the connection at once. */
export async function closeClient(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}
