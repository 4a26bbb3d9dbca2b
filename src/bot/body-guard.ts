import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../log/logger.js';

/** Bolt's own limit on a request body (HTTPModuleFunctions.defaultBodyLimit). */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Whether a Slack request body has the shape Bolt reads without failing: a JSON object (Events API), a
 * form (slash commands) whose `payload`, when present, is a JSON object with a string `type`
 * (interactivity), and for an event callback an `event` object with a string `type`. Bolt reads
 * `body.ssl_check` on whatever the body parses to: `null` used to kill the process.
 */
export function plausibleSlackBody(raw: string, contentType: string | undefined): boolean {
  try {
    let body: unknown;
    if (contentType?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw);
      if (form.payload === undefined) return true;
      if (typeof form.payload !== 'string') return false;
      body = JSON.parse(form.payload);
      return isObject(body) && typeof body.type === 'string';
    }
    body = JSON.parse(raw);
    if (!isObject(body)) return false;
    if (body.type === 'event_callback') return isObject(body.event) && typeof body.event.type === 'string';
    return true;
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Puts a check in front of Bolt's HTTP receiver: the body is read here (within Bolt's size limit) and
 * handed on already buffered, as Bolt accepts (`rawBody`); a body Bolt would trip over gets 400 and
 * never reaches it. Any other failure of a request answers 500 instead of reaching the process.
 */
export function guardReceiver(receiver: HTTPReceiver, logger: Logger): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    void guarded(req, res, inner, logger);
  };
}

async function guarded(
  req: IncomingMessage,
  res: ServerResponse,
  inner: HTTPReceiver['requestListener'],
  logger: Logger,
): Promise<void> {
  if (req.method !== 'POST') {
    inner(req, res);
    return;
  }
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (err) {
    answer(res, (err as { status?: number }).status ?? 400);
    return;
  }
  if (!plausibleSlackBody(raw.toString('utf8'), req.headers['content-type'])) {
    logger.warn({ bytes: raw.length }, 'malformed Slack request body refused (400)');
    answer(res, 400);
    return;
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
  try {
    inner(req, res);
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.name : 'error' }, 'Slack request failed');
    answer(res, 500);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}
