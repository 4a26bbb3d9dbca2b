import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';
import { readIssuance } from './certspotter-source.js';
import type { CtIssuance } from './ct-source.js';

const MAX_BODY = 1_048_576;

/**
 * An issuance as a self-hosted `certspotter` daemon's hook script describes it in its environment
 * (`TBS_SHA256`, `PUBKEY_SHA256`, `DNS_NAMES`, `ISSUER_DN`, `NOT_BEFORE`, `NOT_AFTER`, `CERT_SHA256`),
 * posted as JSON (`jq -n env | curl -d @- …`); or a Cert Spotter API issuance object, or an array of them.
 */
export function readPosted(body: unknown): CtIssuance[] {
  const items = Array.isArray(body) ? body : [body];
  const out: CtIssuance[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    if (typeof o.TBS_SHA256 === 'string' || typeof o.PUBKEY_SHA256 === 'string') {
      const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      const tbs = s('TBS_SHA256');
      const key = s('PUBKEY_SHA256');
      const nb = s('NOT_BEFORE');
      const na = s('NOT_AFTER');
      if (!tbs || !key || !nb || !na) continue;
      out.push({
        id: tbs,
        tbsSha256: tbs.toLowerCase(),
        ...(s('CERT_SHA256') ? { certSha256: s('CERT_SHA256')!.toLowerCase() } : {}),
        pubkeySha256: key.toLowerCase(),
        dnsNames: (s('DNS_NAMES') ?? '').split(/[\s,]+/).filter(Boolean),
        issuer: s('ISSUER_DN') ?? 'unknown',
        issuerCaaDomains: [],
        notBefore: nb,
        notAfter: na,
      });
      continue;
    }
    const i = readIssuance(o);
    if (i) out.push(i);
  }
  return out;
}

export interface WebhookOptions {
  /** `http://127.0.0.1:8788/ct/issuances`: the host, port and path to listen on. */
  listenUrl: string;
  /** Required bearer token (CT_API_KEY); without it any local process may post. */
  token?: string;
  logger: Logger;
  onIssuances: (issuances: CtIssuance[]) => Promise<void>;
}

function sameToken(got: string, want: string): boolean {
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The webhook CT source: an HTTP endpoint a CT monitor posts issuances to (202 when taken, 400 for a
 * body that is not JSON or holds no issuance, 401 without the token, 413 over 1 MiB).
 */
export async function startWebhook(
  options: WebhookOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const listen = new URL(options.listenUrl);
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'POST' || path !== listen.pathname) {
      res.writeHead(404).end();
      return;
    }
    if (options.token) {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), options.token)) {
        res.writeHead(401).end();
        return;
      }
    }
    const text = await readBody(req);
    if (text === undefined) {
      res.writeHead(413).end();
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not JSON"}');
      return;
    }
    const issuances = readPosted(body);
    if (issuances.length === 0) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no issuance"}');
      return;
    }
    try {
      await options.onIssuances(issuances);
      res.writeHead(202, { 'content-type': 'application/json' }).end(`{"accepted":${issuances.length}}`);
    } catch (err) {
      options.logger.warn(
        { component: 'ct', err: (err as Error).name },
        'CT webhook: issuances not processed',
      );
      res.writeHead(503).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(listen.port || 80), listen.hostname, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${listen.hostname}:${port}${listen.pathname}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
