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
      // A field given twice parses to an array where every handler reads a string.
      if (Object.values(form).some((v) => typeof v !== 'string')) return false;
      // A slash command, Slack's SSL check, or an interactivity payload: nothing else is sent as a form.
      if (form.payload === undefined) return form.command !== undefined || form.ssl_check !== undefined;
      body = JSON.parse(form.payload as string);
      return isObject(body) && PAYLOAD_TYPES.has(String(body.type)) && plausiblePayload(body);
    }
    body = JSON.parse(raw);
    if (!isObject(body) || !EVENTS_API_TYPES.has(String(body.type))) return false;
    if (body.type === 'event_callback') return isObject(body.event) && plausibleEvent(body.event);
    return true;
  } catch {
    return false;
  }
}

/** What the Events API posts as JSON (Bolt waits 3 s, then answers 404, for a type it cannot route). */
const EVENTS_API_TYPES = new Set(['event_callback', 'url_verification', 'app_rate_limited']);
/** Interactivity payload types Bolt routes. */
const PAYLOAD_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
  'dialog_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'workflow_step_edit',
]);

/** Fields of a message event that Slack always sends as strings, when it sends them. */
const MESSAGE_STRINGS = [
  'channel',
  'user',
  'ts',
  'thread_ts',
  'text',
  'subtype',
  'channel_type',
  'team',
  'bot_id',
];

function plausibleEvent(event: Record<string, unknown>): boolean {
  if (typeof event.type !== 'string') return false;
  if (event.type !== 'message' && event.type !== 'app_mention') return true;
  return (
    MESSAGE_STRINGS.every((k) => event[k] === undefined || typeof event[k] === 'string') &&
    [event.blocks, event.files].every((v) => v === undefined || Array.isArray(v))
  );
}

/** An interactivity payload: the objects and strings the action and view handlers read. */
function plausiblePayload(p: Record<string, unknown>): boolean {
  const objectOrAbsent = (v: unknown) => v === undefined || v === null || isObject(v);
  const stringOrAbsent = (v: unknown) => v === undefined || typeof v === 'string';
  if (p.user !== undefined && !(isObject(p.user) && typeof p.user.id === 'string')) return false;
  if (![p.team, p.channel, p.container, p.message].every(objectOrAbsent)) return false;
  if (![p.trigger_id, p.response_url, p.callback_id].every(stringOrAbsent)) return false;
  if (p.actions !== undefined && !(Array.isArray(p.actions) && p.actions.every(plausibleAction)))
    return false;
  if (p.view !== undefined) {
    if (!isObject(p.view)) return false;
    const { state, private_metadata, callback_id } = p.view;
    if (!objectOrAbsent(state) || !stringOrAbsent(private_metadata) || !stringOrAbsent(callback_id))
      return false;
    if (isObject(state) && !objectOrAbsent(state.values)) return false;
  }
  return true;
}

/** A block action: Slack always names it, and a value or option it carries is text. */
function plausibleAction(a: unknown): boolean {
  if (!isObject(a) || typeof a.action_id !== 'string') return false;
  if (![a.value, a.block_id, a.type].every((v) => v === undefined || typeof v === 'string')) return false;
  return (
    a.selected_option === undefined ||
    (isObject(a.selected_option) && typeof a.selected_option.value === 'string')
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Puts a check in front of Bolt's HTTP receiver: the body is read here (within Bolt's size limit) and
 * handed on already buffered, as Bolt accepts (`rawBody`); a body Bolt would trip over gets 400 and
 * never reaches it. Any other failure of a request answers 500 instead of reaching the process.
 */
export function guardReceiver(
  receiver: HTTPReceiver,
  logger: Logger,
  commands: readonly string[] = [],
): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    void guarded(req, res, inner, logger, commands);
  };
}

/** A slash command this app does not register (Slack sends only its own: a setup mistake). */
function foreignCommand(raw: string, contentType: string | undefined, commands: readonly string[]): boolean {
  if (commands.length === 0 || contentType?.split(';')[0]?.trim() !== 'application/x-www-form-urlencoded')
    return false;
  const { command } = parseQuery(raw);
  return typeof command === 'string' && !commands.includes(command);
}

async function guarded(
  req: IncomingMessage,
  res: ServerResponse,
  inner: HTTPReceiver['requestListener'],
  logger: Logger,
  commands: readonly string[],
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
  if (foreignCommand(raw.toString('utf8'), req.headers['content-type'], commands)) {
    // Answered at once: Bolt would hold it 3 s before its 404.
    logger.warn('slash command this app does not handle refused (404)');
    answer(res, 404);
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
