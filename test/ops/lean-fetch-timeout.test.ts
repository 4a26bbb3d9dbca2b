import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchRedirectError, FetchTimeoutError, leanFetch } from '../../src/bot/lean-fetch.js';
import { metrics } from '../../src/ops/metrics.js';

let servers: Array<Server | HttpServer> = [];
let sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/**
 * A TCP server that accepts every connection and reads the request, then never writes a byte (a stalled
 * peer). `answerFrom`: connections from this number on get a proper HTTP answer.
 */
async function stalled(answerFrom = Number.POSITIVE_INFINITY) {
  const seen = { connections: 0 };
  const server = createServer((socket) => {
    sockets.push(socket);
    seen.connections += 1;
    const n = seen.connections;
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (n < answerFrom) return;
      const body = '{"ok":true}';
      socket.end(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api/`, seen };
}

async function http(handler: Parameters<typeof createHttpServer>[1]) {
  const server = createHttpServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const post = {
  method: 'POST',
  body: 'a=1',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
};

describe('leanFetch never hangs', () => {
  it('a server that accepts and never answers: rejects after the timeout, once retried on a new socket', async () => {
    const { url, seen } = await stalled();
    const before = (await metrics().httpTimeouts.get()).values[0]?.value ?? 0;
    const started = Date.now();
    const err = await leanFetch({ timeoutMs: 300, retries: 1 })(`${url}chat.postMessage`, post).catch(
      (e) => e,
    );
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.code).toBe('ETIMEDOUT');
    expect(seen.connections).toBe(2);
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(3000);
    expect((await metrics().httpTimeouts.get()).values[0]?.value).toBe(before + 2);
  });

  it('the retry succeeds when the second connection answers', async () => {
    const { url, seen } = await stalled(2);
    const res = await leanFetch({ timeoutMs: 300 })(`${url}auth.test`, post);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.connections).toBe(2);
  });

  it('headers sent, then the body stalls: cut off too', async () => {
    const base = await http((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":');
    });
    const err = await leanFetch({ timeoutMs: 300, retries: 0 })(`${base}/api/x`, post).catch((e) => e);
    expect(err).toBeInstanceOf(FetchTimeoutError);
  });

  it('a body that is not a string (a file upload) goes to the global fetch under the same deadline', async () => {
    const { url } = await stalled();
    const err = await leanFetch({ timeoutMs: 300, retries: 0 })(`${url}files.upload`, {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(FetchTimeoutError);
  });

  it('the Web API client gets an error instead of waiting forever (its retry policy then decides)', async () => {
    const { url } = await stalled();
    const client = new WebClient('xoxb-test', {
      slackApiUrl: url,
      fetch: leanFetch({ timeoutMs: 200, retries: 1 }),
      retryConfig: { retries: 0 },
      logLevel: 'error' as never,
    });
    const err = await client.chat.postMessage({ channel: 'D1', text: 'hi' }).catch((e) => e);
    expect(err.code).toBe('slack_webapi_request_error');
    expect(err.original).toBeInstanceOf(FetchTimeoutError);
  });

  it("keeps redirect: 'error' (the Web API client's setting): a 3xx rejects; without it, it is answered", async () => {
    const base = await http((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    const lean = leanFetch({ timeoutMs: 1000 });
    await expect(lean(`${base}/api/x`, { ...post, redirect: 'error' })).rejects.toBeInstanceOf(
      FetchRedirectError,
    );
    expect((await lean(`${base}/api/x`, post)).status).toBe(302);
  });

  it('a connection refused is retried once, then reported as it is', async () => {
    const { url } = await stalled();
    const port = new URL(url).port;
    await new Promise((r) => servers.pop()!.close(r));
    const err = await leanFetch({ timeoutMs: 300 })(`http://127.0.0.1:${port}/api/x`, post).catch((e) => e);
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('counts Slack 429 answers', async () => {
    const base = await http((_req, res) => {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"ratelimited"}');
    });
    const before = (await metrics().slackRateLimited.get()).values[0]?.value ?? 0;
    const res = await leanFetch()(`${base}/api/chat.postMessage`, post);
    expect(res.status).toBe(429);
    expect((await metrics().slackRateLimited.get()).values[0]?.value).toBe(before + 1);
  });
});
