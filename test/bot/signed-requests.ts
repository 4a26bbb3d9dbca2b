import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

/** POSTs a body to the bot's HTTP receiver, signed as Slack signs it; resolves with status and body. */
export function postSigned(
  port: number,
  body: string,
  opts: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': opts.contentType ?? 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? sign(body, timestamp),
    'content-length': String(Buffer.byteLength(body)),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let eventSeq = 0;

/** An Events API envelope (`event_callback`) around one event. */
export function eventEnvelope(
  event: Record<string, unknown>,
  opts: { team?: string; eventId?: string; enterprise?: string } = {},
) {
  eventSeq += 1;
  return JSON.stringify({
    token: 'legacy',
    team_id: opts.team ?? 'T1',
    ...(opts.enterprise ? { enterprise_id: opts.enterprise } : {}),
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${String(eventSeq).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: opts.team ?? 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

let tsSeq = 0;
export function nextTs(): string {
  tsSeq += 1;
  return `1800000000.${String(tsSeq).padStart(6, '0')}`;
}

/** A direct message from `user` in DM channel `channel` (top level unless `thread`). */
export function dmEvent(
  user: string,
  text: string,
  opts: { channel?: string; thread?: string; ts?: string } = {},
) {
  return {
    type: 'message',
    channel_type: 'im',
    channel: opts.channel ?? `D${user}`,
    user,
    text,
    ts: opts.ts ?? nextTs(),
    team: 'T1',
    ...(opts.thread ? { thread_ts: opts.thread } : {}),
  };
}

/** A reply in a channel thread (`thread` is its parent's ts); `extra` adds fields such as `subtype`. */
export function threadReplyEvent(
  user: string,
  text: string,
  thread: string,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'message',
    ...extra,
    channel: 'C1',
    channel_type: 'channel',
    user,
    text,
    ts: nextTs(),
    thread_ts: thread,
    team: 'T1',
  };
}

/** A slash command body (`application/x-www-form-urlencoded`). */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'example',
    channel_id: 'C1',
    channel_name: 'ssl',
    command: '/evssl',
    api_app_id: 'A1',
    trigger_id: `trig.${nextTs()}`,
    ...fields,
  }).toString();
}

/** An interactive payload (`payload=<json>`). */
export function interactiveBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const FORM = 'application/x-www-form-urlencoded';
