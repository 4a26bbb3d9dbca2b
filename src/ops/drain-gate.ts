import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { OpsState } from './ops-state.js';

/**
 * While the process drains, new requests to the Slack receiver get 503 (Slack delivers the event again,
 * to an instance still serving) and the connection is closed; `/healthz` still answers. Requests already
 * inside a handler finish.
 */
export function drainGate(receiver: HTTPReceiver, state: OpsState): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (state.draining && !(req.url ?? '').startsWith('/healthz')) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5', connection: 'close' });
      res.end('{"status":"shutting down"}');
      return;
    }
    inner(req, res);
  };
}
