import { z } from 'zod';
import type { ConfigSection } from './section.js';

export interface OpsSettings {
  /** Health and metrics port for deployments without a Slack HTTP port (0: none). */
  port: number;
  /** Longest a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/** Operating the process: its health/metrics port and the shutdown deadline. */
export const opsSection: ConfigSection<OpsSettings> = {
  shape: {
    OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9090),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(20),
  },
  fixes: {
    OPS_PORT: 'set OPS_PORT to a TCP port number (default 9090), or 0 for no health/metrics port',
    SHUTDOWN_TIMEOUT_SECONDS: 'set SHUTDOWN_TIMEOUT_SECONDS to a number of seconds, e.g. 20',
  },
  read: (e) => ({
    port: e.OPS_PORT as number,
    shutdownTimeoutMs: Math.round((e.SHUTDOWN_TIMEOUT_SECONDS as number) * 1000),
  }),
};
