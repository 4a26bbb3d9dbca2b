import { z } from 'zod';
import { DAY_MS } from '../flow/days.js';
import { type DataKey, DataKeyError, parseDataKeys } from '../store/data-keys.js';
import { ConfigError, type ConfigSection, optionalString, optionalUrl } from './section.js';

export interface HostPort {
  host: string;
  port: number;
}

/** How long what is stored is kept (store/retention.ts applies it). */
export interface RetentionSettings {
  /** A cancelled application, from its cancellation. */
  cancelledMs: number;
  /** An active application nobody touched for this long. */
  abandonedMs: number;
  /** An issued application (pruned to `issuedKeep`), from its issuance: renewal needs it. */
  issuedMs: number;
  /** Application properties kept after issuance (`fields.organizationName` picks one field). */
  issuedKeep: string[];
}

export interface RedisSettings {
  /** Set: the Redis store. Credentials, database and TLS (`rediss://`) come from it in every topology. */
  url?: string;
  /** Sentinel topology: these sentinels, asking for `sentinelName`'s master. */
  sentinels?: HostPort[];
  sentinelName?: string;
  /** Cluster topology: these seed nodes. */
  clusterNodes?: HostPort[];
  prefix: string;
  /** First encrypts, all decrypt. Present whenever `url` is. */
  dataKeys?: DataKey[];
  retention: RetentionSettings;
}

const DEFAULT_KEEP =
  'id,flow,lang,status,members,certificate,csr,fields.organizationName,fields.duns,createdAt,updatedAt,fields,contract,orgValidatedAt';
const GENERATE = 'generate a key with `openssl rand -base64 32` and set DATA_KEYS=k1:<that key>';

const days = (fallback: number) => z.coerce.number().positive().max(36500).default(fallback);
const hostList = () =>
  optionalString().refine(
    (v) => v === undefined || v.split(',').every((p) => /^[^\s:,]+:\d{1,5}$/.test(p.trim())),
    {
      message: 'must be a comma-separated list of HOST:PORT',
    },
  );

function hostPorts(v: unknown): HostPort[] | undefined {
  if (typeof v !== 'string') return undefined;
  return v.split(',').map((p) => {
    const [host, port] = p.trim().split(':');
    return { host: host as string, port: Number(port) };
  });
}

/** The Redis store. Unset REDIS_URL: the embedded memory store, and no key is needed. */
export const redisSection: ConfigSection<RedisSettings> = {
  shape: {
    REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
    REDIS_SENTINELS: hostList(),
    REDIS_SENTINEL_NAME: optionalString(),
    REDIS_CLUSTER_NODES: hostList(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,40}$/)
      .default('evssl:'),
    DATA_KEYS: optionalString(),
    RETENTION_CANCELLED_DAYS: days(30),
    RETENTION_ABANDONED_DAYS: days(180),
    RETENTION_ISSUED_DAYS: days(450),
    RETENTION_ISSUED_KEEP: z.string().trim().min(1).default(DEFAULT_KEEP),
  },
  fixes: {
    REDIS_URL:
      'set REDIS_URL=redis://HOST:6379 (or rediss:// for TLS), or unset it to use the embedded store',
    REDIS_SENTINELS: 'set REDIS_SENTINELS=host1:26379,host2:26379 (and REDIS_SENTINEL_NAME), or unset it',
    REDIS_CLUSTER_NODES: 'set REDIS_CLUSTER_NODES=host1:6379,host2:6379, or unset it',
    REDIS_PREFIX: 'use 1-40 letters, digits or _ . : - (no braces: the store adds hash tags itself)',
    RETENTION_CANCELLED_DAYS: 'a number of days, e.g. 30',
    RETENTION_ABANDONED_DAYS: 'a number of days, e.g. 180',
    RETENTION_ISSUED_DAYS: 'a number of days, e.g. 450',
    RETENTION_ISSUED_KEEP: `a comma-separated list of properties, e.g. ${DEFAULT_KEEP}`,
  },
  read: (env) => {
    const url = env.REDIS_URL as string | undefined;
    const settings: RedisSettings = {
      prefix: env.REDIS_PREFIX as string,
      retention: {
        cancelledMs: (env.RETENTION_CANCELLED_DAYS as number) * DAY_MS,
        abandonedMs: (env.RETENTION_ABANDONED_DAYS as number) * DAY_MS,
        issuedMs: (env.RETENTION_ISSUED_DAYS as number) * DAY_MS,
        issuedKeep: (env.RETENTION_ISSUED_KEEP as string).split(',').map((s) => s.trim()),
      },
    };
    if (!url) return settings;
    const sentinels = hostPorts(env.REDIS_SENTINELS);
    const clusterNodes = hostPorts(env.REDIS_CLUSTER_NODES);
    if (sentinels && clusterNodes) {
      throw new ConfigError(['REDIS_SENTINELS: cannot be combined with REDIS_CLUSTER_NODES. Fix: unset one']);
    }
    return {
      ...settings,
      url,
      ...(sentinels ? { sentinels, sentinelName: (env.REDIS_SENTINEL_NAME as string) ?? 'mymaster' } : {}),
      ...(clusterNodes ? { clusterNodes } : {}),
      dataKeys: readDataKeys(env.DATA_KEYS as string | undefined, env.NODE_ENV as string | undefined),
    };
  },
};

function readDataKeys(spec: string | undefined, nodeEnv: string | undefined): DataKey[] {
  if (!spec) {
    throw new ConfigError([
      `DATA_KEYS: required with REDIS_URL (personal data is encrypted at rest). Fix: ${GENERATE}`,
    ]);
  }
  if (spec === 'dev' && nodeEnv === 'production') {
    throw new ConfigError([`DATA_KEYS: the insecure "dev" key is refused in production. Fix: ${GENERATE}`]);
  }
  try {
    return parseDataKeys(spec);
  } catch (err) {
    if (err instanceof DataKeyError) throw new ConfigError([`DATA_KEYS: ${err.message}. Fix: ${GENERATE}`]);
    throw err;
  }
}
