import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** How the checks reach the outside: tests point `lookup` at loopback and override the ports. */
export interface NetOptions {
  /** Host name resolution for HTTP and TLS connections (default: the system's). */
  lookup?: LookupFunction;
  /** Ports for `http:` and `https:` URLs on the default port (tests use free loopback ports). */
  ports?: { http?: number; https?: number };
  timeoutMs?: number;
}

export type HttpOutcome =
  | { type: 'response'; status: number; location?: string; contentType?: string; body: string }
  | { type: 'error'; code: string };

/** The most of a validation file read: Sectigo's is three short lines; anything larger is not it. */
const MAX_BODY = 64 * 1024;

/**
 * One GET that never follows a redirect (the caller decides, BR 3.2.2.4.18), reads at most 64 KiB and
 * does not judge the server's TLS certificate: the CA fetches the file over https whatever certificate
 * the site has (a site being validated for its first certificate often has none that is trusted).
 */
export function httpGet(url: URL, net: NetOptions): Promise<HttpOutcome> {
  const secure = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : secure ? (net.ports?.https ?? 443) : (net.ports?.http ?? 80);
  const lib = secure ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: HttpOutcome) => {
      if (done) return;
      done = true;
      resolve(o);
    };
    const req = lib.request(
      {
        host: url.hostname,
        port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        headers: { host: url.host, 'user-agent': 'evssl-bot domain validation check', accept: '*/*' },
        ...(net.lookup ? { lookup: net.lookup } : {}),
        ...(secure ? { servername: url.hostname, rejectUnauthorized: false } : {}),
        timeout: net.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
          else res.destroy();
        });
        const end = () =>
          finish({
            type: 'response',
            status: res.statusCode ?? 0,
            ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
            ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    req.on('timeout', () => {
      finish({ type: 'error', code: 'ETIMEDOUT' });
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ type: 'error', code: err.code ?? 'EIO' }));
    req.end();
  });
}
