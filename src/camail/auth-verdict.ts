import { isExpectedDomain } from './ca-domains.js';

/** What the receiving server's RFC 8601 Authentication-Results header says about a CA mail. */
export type AuthVerdict =
  | { type: 'absent' }
  | { type: 'pass'; method: 'dmarc' | 'dkim' }
  | { type: 'fail'; reason: string }
  | { type: 'no-pass' };

interface MethodResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/** `dkim=pass header.d=sectigo.com; dmarc=pass header.from=sectigo.com` → one entry per method. */
export function parseAuthResults(header: string): MethodResult[] {
  const out: MethodResult[] = [];
  const text = header.replace(/\([^()]*\)/g, ' ');
  for (const part of text.split(';').slice(1)) {
    const m = /^\s*([a-z-]+)\s*=\s*([a-z]+)([\s\S]*)$/i.exec(part);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const p of m[3]!.matchAll(/([a-z]+\.[a-z-]+)\s*=\s*"?([^\s";]+)"?/gi)) {
      props[p[1]!.toLowerCase()] = p[2]!.toLowerCase();
    }
    out.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props });
  }
  return out;
}

/**
 * The verdict on the topmost Authentication-Results (the receiving server's own). A DMARC pass, or a
 * DKIM pass whose signing domain (`header.d`) is an expected sender domain, trusts the mail; any
 * dmarc/dkim/spf fail, or results with neither pass, does not.
 */
export function authVerdict(header: string | undefined, expected: readonly string[]): AuthVerdict {
  if (!header || header.trim() === '') return { type: 'absent' };
  const results = parseAuthResults(header);
  // DMARC first: it is the verdict on the From address people see.
  const failed = ['dmarc', 'dkim', 'spf']
    .map((method) => results.find((r) => r.method === method && ['fail', 'permerror'].includes(r.result)))
    .find((r) => r !== undefined);
  const dkimPass = results.some(
    (r) =>
      r.method === 'dkim' &&
      r.result === 'pass' &&
      isExpectedDomain(r.props['header.d'] ?? r.props['header.i']?.split('@').pop(), expected),
  );
  if (failed && !(failed.method === 'dkim' && dkimPass)) {
    return { type: 'fail', reason: `${failed.method}=${failed.result}` };
  }
  if (results.some((r) => r.method === 'dmarc' && r.result === 'pass'))
    return { type: 'pass', method: 'dmarc' };
  if (dkimPass) return { type: 'pass', method: 'dkim' };
  return { type: 'no-pass' };
}
