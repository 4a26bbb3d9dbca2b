import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  result?: Record<string, unknown>;
}

/**
 * A local stand-in for Slack's Web API (node:http on a free loopback port): answers like Slack does and
 * records every call, so a test asserts on what the bot would have sent. `response_url` posts land on
 * `/respond/…` and are recorded as method `respond`. No network.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly #events = new EventEmitter();
  readonly #failures = new Map<string, Array<{ status: number; retryAfter?: number; error?: string }>>();
  #server: Server | undefined;
  /** Message timestamps start at the present (callers look messages up by `oldest`), one second apart. */
  #ts = Math.floor(Date.now() / 1000);
  readonly #counts = new Map<string, number>();
  /** Messages posted, per channel, as conversations.history and .replies return them. */
  readonly #posted = new Map<
    string,
    Array<{ ts: string; text: unknown; thread_ts?: unknown; metadata?: unknown }>
  >();
  url = '';
  base = '';

  /** `count`: calls are counted, not parsed or kept (the benchmark: thousands of calls). */
  constructor(readonly mode: 'record' | 'count' = 'record') {}

  /** How many calls `method` got (both modes). */
  count(method: string): number {
    return this.#counts.get(method) ?? 0;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    this.url = `${this.base}/api/`;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** Slack locales by user id (`users.info` with include_locale); a user not here has none set. */
  readonly locales = new Map<string, string>();

  /** The next call(s) to `method` fail: HTTP 429 with Retry-After, or `{ok:false,error}`. */
  fail(method: string, failure: { status: number; retryAfter?: number; error?: string }): void {
    const list = this.#failures.get(method) ?? [];
    list.push(failure);
    this.#failures.set(method, list);
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `count` calls to `method` were recorded in total (the vitest timeout bounds it). */
  async waitFor(method: string, count = 1): Promise<ApiCall[]> {
    const seen = () => (this.mode === 'count' ? this.count(method) : this.of(method).length);
    while (seen() < count) {
      await new Promise((resolve) => this.#events.once('call', resolve));
    }
    return this.of(method);
  }

  async #handle(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const method = path.startsWith('/respond/')
      ? 'respond'
      : path.replace(/^\/api\//, '').replace(/\?.*$/, '');
    if (this.mode === 'count') {
      this.#counts.set(method, this.count(method) + 1);
      this.#events.emit('call');
      return { status: 200, headers: {}, body: { ok: true, channel: 'D1', ts: '1700000000.000100' } };
    }
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const failure = this.#failures.get(method)?.shift();
    if (failure) {
      this.calls.push({ method: `${method}!failed`, args });
      const headers: Record<string, string> =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return { status: failure.status, headers, body: { ok: false, error: failure.error ?? 'ratelimited' } };
    }
    const result = this.#answer(method, args);
    this.#counts.set(method, this.count(method) + 1);
    this.calls.push({ method, args, result });
    this.#events.emit('call');
    return { status: 200, headers: {}, body: result };
  }

  #answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'evssl' };
      case 'chat.postMessage': {
        this.#ts += 1;
        const channel = String(args.channel ?? '');
        // Posting to a user id opens the app's DM with them, as Slack does.
        const resolved = /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
        const ts = `${this.#ts}.000100`;
        const message = {
          ts,
          text: args.text,
          ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          ...(args.metadata ? { metadata: args.metadata } : {}),
        };
        const posted = this.#posted.get(resolved) ?? [];
        posted.push(message);
        this.#posted.set(resolved, posted);
        return { ok: true, channel: resolved, ts, message: { text: args.text } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        // As Slack: history holds the top level, replies one thread (its parent first); metadata only
        // with include_all_metadata; newest first in history, oldest first in replies.
        const channel = String(args.channel ?? '');
        const oldest = Number(args.oldest ?? 0);
        const thread = method === 'conversations.replies' ? String(args.ts ?? '') : undefined;
        const withMeta = String(args.include_all_metadata ?? '') === 'true';
        const messages = (this.#posted.get(channel) ?? [])
          .filter((m) => (thread === undefined ? !m.thread_ts : m.thread_ts === thread))
          .filter((m) => Number(m.ts) >= oldest)
          .map((m) => (withMeta ? m : { ...m, metadata: undefined }));
        return { ok: true, messages: thread === undefined ? messages.reverse() : messages, has_more: false };
      }
      case 'users.info': {
        const user = String(args.user ?? '');
        const locale = this.locales.get(user);
        return { ok: true, user: { id: user, ...(locale ? { locale } : {}) } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.#ts}.000200` };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      default:
        return { ok: true };
    }
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // Slack answers invalid_arguments to a field that is not what it should be; so does the fake.
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
