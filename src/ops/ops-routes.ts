import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from './metrics.js';
import type { OpsState } from './ops-state.js';

export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The operator endpoints, served on the Slack HTTP port (Bolt customRoutes) and on OPS_PORT. */
export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * `/healthz`: the process is serving (200 while draining too: it is alive, finishing its work).
 * `/readyz`: every readiness check passed (503 with the failing ones otherwise, and while draining).
 * `/metrics`: Prometheus text of src/ops/metrics.ts.
 */
export function opsHandlers(state: OpsState): Record<(typeof OPS_PATHS)[number], OpsHandler> {
  return {
    '/healthz': async (_req, res) => json(res, 200, { status: state.draining ? 'draining' : 'ok' }),
    '/readyz': async (_req, res) => {
      const { ready, checks } = await state.readiness();
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
    '/metrics': async (_req, res) => {
      const { registry } = metrics();
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(body);
    },
  };
}

/** Bolt's `customRoutes` for the HTTP receiver. */
export function opsCustomRoutes(state: OpsState) {
  const handlers = opsHandlers(state);
  return OPS_PATHS.map((path) => ({
    path,
    method: ['GET'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      void handlers[path](req, res).catch(() => fail(res));
    },
  }));
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse): void {
  if (!res.headersSent) json(res, 500, { status: 'error' });
  else res.destroy();
}
