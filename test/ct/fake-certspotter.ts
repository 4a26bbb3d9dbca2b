import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An issuance object as Cert Spotter API v1 returns it with `expand=dns_names&expand=issuer`. */
export interface FakeIssuance {
  id: string;
  tbs_sha256: string;
  cert_sha256: string;
  pubkey_sha256: string;
  dns_names: string[];
  not_before: string;
  not_after: string;
  issuer: { friendly_name: string; name: string; caa_domains: string[] };
  revoked: boolean;
}

export const SECTIGO = {
  friendly_name: 'Sectigo',
  name: 'C=GB, ST=Greater Manchester, L=Salford, O=Sectigo Limited, CN=Sectigo RSA Extended Validation Secure Server CA',
  caa_domains: ['sectigo.com', 'comodoca.com'],
};
export const LETS_ENCRYPT = {
  friendly_name: "Let's Encrypt",
  name: "C=US, O=Let's Encrypt, CN=R11",
  caa_domains: ['letsencrypt.org'],
};

/** Cert Spotter's domain matching: the domain itself, subdomains (include_subdomains) and wildcards covering it. */
function matches(name: string, domain: string, subdomains: boolean, wildcards: boolean): boolean {
  const n = name.toLowerCase();
  if (n === domain) return true;
  if (subdomains && n.endsWith(`.${domain}`)) return !n.startsWith('*.') || wildcards;
  if (wildcards && n.startsWith('*.'))
    return domain.endsWith(`.${n.slice(2)}`) && domain.split('.').length === n.split('.').length;
  return false;
}

/**
 * A local stand-in for api.certspotter.com on loopback: `GET /v1/issuances`, ordered by id, `pageSize`
 * per page, `after` as cursor; `rateLimitNext` answers the next requests 429 with a Retry-After.
 */
export class FakeCertSpotter {
  readonly issuances: FakeIssuance[] = [];
  readonly requests: Array<{ url: URL; authorization: string | undefined }> = [];
  pageSize = 2;
  rateLimitNext = 0;
  retryAfter = '1';
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      this.requests.push({ url, authorization: req.headers.authorization });
      if (this.rateLimitNext > 0) {
        this.rateLimitNext--;
        res.writeHead(429, { 'retry-after': this.retryAfter, 'content-type': 'application/json' });
        res.end('{"code":"rate_limited","message":"You have exceeded the rate limit"}');
        return;
      }
      const q = url.searchParams;
      const domain = (q.get('domain') ?? '').toLowerCase();
      if (url.pathname !== '/v1/issuances' || !domain) {
        res.writeHead(400).end('{"code":"bad_request"}');
        return;
      }
      const expand = q.getAll('expand');
      const after = q.get('after');
      const found = this.issuances
        .filter((i) => after === null || Number(i.id) > Number(after))
        .filter((i) =>
          i.dns_names.some((n) =>
            matches(n, domain, q.get('include_subdomains') === 'true', q.get('match_wildcards') === 'true'),
          ),
        )
        .sort((a, b) => Number(a.id) - Number(b.id))
        .slice(0, this.pageSize)
        .map((i) => ({
          id: i.id,
          tbs_sha256: i.tbs_sha256,
          cert_sha256: i.cert_sha256,
          pubkey_sha256: i.pubkey_sha256,
          not_before: i.not_before,
          not_after: i.not_after,
          revoked: i.revoked,
          ...(expand.includes('dns_names') ? { dns_names: i.dns_names } : {}),
          ...(expand.includes('issuer') ? { issuer: i.issuer } : {}),
        }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private n = 1000;
  /** Adds an issuance (a precertificate and its certificate: call twice with the same tbs). */
  add(i: Partial<FakeIssuance> & Pick<FakeIssuance, 'pubkey_sha256' | 'dns_names'>): FakeIssuance {
    const id = String(++this.n);
    const full: FakeIssuance = {
      id,
      tbs_sha256: i.tbs_sha256 ?? `${id}`.padStart(64, 'a'),
      cert_sha256: i.cert_sha256 ?? `${id}`.padStart(64, 'c'),
      not_before: '2026-11-26T00:00:00Z',
      not_after: '2027-12-27T23:59:59Z',
      issuer: SECTIGO,
      revoked: false,
      ...i,
    };
    this.issuances.push(full);
    return full;
  }
}
