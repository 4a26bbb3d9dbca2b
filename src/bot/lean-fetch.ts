import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * A `fetch` for the Slack Web API client and `response_url` posts: node:http(s) with keep-alive agents,
 * answering with the few members the client reads (status, headers, text, json, arrayBuffer). Every
 * turn posts its reply, and the WHATWG fetch machinery cost several times the turn itself
 * (`npm run bench:slack`). A body that is not a string (a file upload) goes to the global fetch.
 */
export function leanFetch(): typeof fetch {
  const http = new HttpAgent({ keepAlive: true, maxSockets: 50 });
  const https = new HttpsAgent({ keepAlive: true, maxSockets: 50 });
  const lean = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    if ((body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request) {
      return globalThis.fetch(input, init);
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
          agent: secure ? https : http,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve(
              leanResponse(url.href, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, chunks),
            ),
          );
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });
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
