import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, opsHandlers } from './ops-routes.js';
import type { OpsState } from './ops-state.js';

/**
 * The health and metrics endpoints on their own port (OPS_PORT), for deployments with no Slack HTTP
 * port to carry them: Socket Mode, email only.
 */
export async function startOpsServer(
  state: OpsState,
  port: number,
  host = '0.0.0.0',
): Promise<{ port: number; close(): Promise<void> }> {
  const handlers = opsHandlers(state);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] as keyof typeof handlers;
    const handler = req.method === 'GET' || req.method === 'HEAD' ? handlers[path] : undefined;
    if (!handler) return json(res, 404, { status: 'not found' });
    handler(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { status: 'error' });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
