import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { metrics } from '../ops/metrics.js';

export interface LeanFetchOptions {
  /**
   * Longest one attempt may take, from sending the request to the last byte of the answer (default
   * 30 s). The Web API client's own `timeout` defaults to 0 and node:http has none: without this a
   * server that accepts the connection and never answers holds a turn forever.
   */
  timeoutMs?: number;
  /** Attempts after a timeout or a connection error, each on a fresh connection (default 1). */
  retries?: number;
}

/** An attempt that got no complete answer in time (`code` as node's socket timeouts). */
export class FetchTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(url: string, ms: number) {
    super(`no answer from ${url} within ${ms} ms`);
    this.name = 'FetchTimeoutError';
  }
}

/** `redirect: 'error'` (what the Web API client asks for): a 3xx is an error, as in WHATWG fetch. */
export class FetchRedirectError extends TypeError {
  readonly code = 'ERR_REDIRECT';
  constructor(url: string, status: number) {
    super(`redirect (${status}) refused for ${url}`);
    this.name = 'FetchRedirectError';
  }
}

/** Errors worth one more attempt on a new connection: a stall, or a kept-alive socket the peer closed. */
const RETRYABLE = new Set(['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN']);

/**
 * A `fetch` for the Slack Web API client and `response_url` posts: node:http(s) with keep-alive agents,
 * answering with the few members the client reads (status, headers, text, json, arrayBuffer). Every
 * turn posts its reply, and the WHATWG fetch machinery cost several times the turn itself
 * (`npm run bench:slack`). A body that is not a string (a file upload) goes to the global fetch, under
 * the same deadline. Each attempt is bounded by `timeoutMs`; a timeout or a connection error is tried
 * again (`retries`) on a fresh socket, then rejects, so the Web API client's retry policy takes over.
 * A retried POST may reach Slack twice: replies are delivered at least once (the outbox) anyway.
 */
export function leanFetch(options: LeanFetchOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 1;
  const http = new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const https = new HttpsAgent({ keepAlive: true, maxSockets: 50 });
  const once = (input: string | URL | Request, init: RequestInit, fresh: boolean): Promise<Response> => {
    const body = init.body;
    if ((body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
      return globalThis.fetch(input, { ...init, signal }).catch((err: unknown) => {
        throw deadline.aborted ? new FetchTimeoutError(String(input), timeoutMs) : err;
      });
    }
    const url = new URL(input);
    const secure = url.protocol === 'https:';
    const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers) : init.headers;
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: init.method ?? 'GET',
          headers: headers as Record<string, string>,
          // A retry does not reuse a kept-alive socket: the stalled or reset one may be the cause.
          agent: fresh ? false : secure ? https : http,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 429) metrics().slackRateLimited.inc();
          if (init.redirect === 'error' && status >= 300 && status < 400 && res.headers.location) {
            res.resume();
            reject(new FetchRedirectError(url.href, status));
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('aborted', () => reject(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' })));
          res.on('end', () => {
            clearTimeout(timer);
            resolve(leanResponse(url.href, status, res.statusMessage ?? '', res.headers, chunks));
          });
        },
      );
      // Covers the answer's body too: a peer that sends headers and then stalls is cut off as well.
      const timer = setTimeout(() => {
        const err = new FetchTimeoutError(url.href, timeoutMs);
        reject(err);
        req.destroy(err);
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.on('close', () => clearTimeout(timer));
      req.end(body ?? undefined);
    });
  };
  const lean = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(input, init, attempt > 0);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof FetchTimeoutError) metrics().httpTimeouts.inc();
        if (attempt >= retries || init.signal?.aborted || !code || !RETRYABLE.has(code)) throw err;
      }
    }
  };
  return lean as typeof fetch;
}

function leanResponse(
  url: string,
  status: number,
  statusText: string,
  raw: IncomingHttpHeaders,
  chunks: Buffer[],
): Response {
  const buf = Buffer.concat(chunks);
  const pairs = Object.entries(raw).map(
    ([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')] as const,
  );
  const map = new Map(pairs);
  const headers = {
    get: (name: string) => map.get(name.toLowerCase()) ?? null,
    has: (name: string) => map.has(name.toLowerCase()),
    entries: () => map.entries(),
    keys: () => map.keys(),
    values: () => map.values(),
    forEach: (fn: (value: string, key: string) => void) => {
      map.forEach(fn);
    },
    [Symbol.iterator]: () => map.entries(),
  };
  return {
    url,
    status,
    statusText,
    ok: status >= 200 && status < 300,
    redirected: false,
    headers,
    text: async () => buf.toString('utf8'),
    json: async () => JSON.parse(buf.toString('utf8')),
    arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
  } as unknown as Response;
}
