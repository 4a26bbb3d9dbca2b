import { CodedError } from '../errors.js';
import type { CtIssuance, CtPage, CtSource } from './ct-source.js';

export interface CertSpotterOptions {
  /** `https://api.certspotter.com` (a local fake in tests). */
  apiUrl: string;
  /** Optional: without a key the API still answers, within its free quota. Never logged. */
  apiKey?: string;
  timeoutMs?: number;
  /** Longest Retry-After honoured in one wait; a longer one ends this poll (the next poll resumes). */
  maxRetryAfterMs?: number;
  /** Waits for a rate limit (setTimeout by default). */
  sleep?: (ms: number) => Promise<void>;
}

/** A refusal of the CT source that ends this poll: the cursor stays where it was. */
export class CtSourceError extends CodedError {
  constructor(
    readonly reason: 'rate-limited' | 'http' | 'network' | 'unreadable',
    readonly status?: number,
  ) {
    super(
      reason === 'rate-limited' ? 'ct_rate_limited' : `ct_${reason}`,
      `CT source failed: ${reason}${status ? ` ${status}` : ''}`,
    );
  }
}

interface ApiIssuance {
  id?: unknown;
  tbs_sha256?: unknown;
  cert_sha256?: unknown;
  pubkey_sha256?: unknown;
  dns_names?: unknown;
  not_before?: unknown;
  not_after?: unknown;
  issuer?: { name?: unknown; friendly_name?: unknown; caa_domains?: unknown } | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One issuance object of the Cert Spotter API v1 (`expand=dns_names&expand=issuer`), or undefined if unusable. */
export function readIssuance(raw: ApiIssuance): CtIssuance | undefined {
  const id = str(raw.id);
  const tbs = str(raw.tbs_sha256);
  const key = str(raw.pubkey_sha256);
  const nb = str(raw.not_before);
  const na = str(raw.not_after);
  if (!id || !tbs || !key || !nb || !na) return undefined;
  return {
    id,
    tbsSha256: tbs.toLowerCase(),
    ...(str(raw.cert_sha256) ? { certSha256: str(raw.cert_sha256)!.toLowerCase() } : {}),
    pubkeySha256: key.toLowerCase(),
    dnsNames: strings(raw.dns_names),
    issuer: str(raw.issuer?.friendly_name) ?? str(raw.issuer?.name) ?? 'unknown',
    issuerCaaDomains: strings(raw.issuer?.caa_domains),
    notBefore: nb,
    notAfter: na,
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); 60 s if absent. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return 60_000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - now);
}

/**
 * SSLMate's Cert Spotter API v1: `GET /v1/issuances?domain=…&include_subdomains=true&match_wildcards=true
 * &expand=dns_names&expand=issuer&after=<id>`, paged by the `after` cursor until a page comes back
 * empty. A 429 is waited out for its Retry-After (up to `maxRetryAfterMs`) and the same page asked again.
 */
export class CertSpotterSource implements CtSource {
  readonly name = 'certspotter';
  constructor(private readonly options: CertSpotterOptions) {}

  async *issuancesAfter(domain: string, after: string | undefined): AsyncIterable<CtPage> {
    let cursor = after;
    for (;;) {
      const page = await this.page(domain, cursor);
      // An empty page ends the list (a page of unreadable entries still moves the cursor on).
      if (page.cursor === undefined) return;
      yield page;
      cursor = page.cursor;
    }
  }

  private async page(domain: string, after: string | undefined): Promise<CtPage> {
    const url = new URL('/v1/issuances', this.options.apiUrl);
    const q = url.searchParams;
    q.set('domain', domain);
    q.set('include_subdomains', 'true');
    q.set('match_wildcards', 'true');
    q.append('expand', 'dns_names');
    q.append('expand', 'issuer');
    if (after) q.set('after', after);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      } catch {
        throw new CtSourceError('network');
      }
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers.get('retry-after'));
        await res.body?.cancel();
        if (wait > (this.options.maxRetryAfterMs ?? 600_000) || attempt >= 5)
          throw new CtSourceError('rate-limited', 429);
        await sleep(wait);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new CtSourceError('http', res.status);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new CtSourceError('unreadable');
      }
      if (!Array.isArray(body)) throw new CtSourceError('unreadable');
      const raw = body as ApiIssuance[];
      const issuances = raw.map(readIssuance).filter((i): i is CtIssuance => i !== undefined);
      const last = str(raw.at(-1)?.id);
      return { issuances, ...(last ? { cursor: last } : {}) };
    }
  }
}
