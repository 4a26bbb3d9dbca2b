import type { ParsedMail } from './parse-message.js';

/** One method's result in an RFC 8601 Authentication-Results header (`dkim=pass header.d=…`). */
export interface MethodResult {
  method: string;
  result: string;
  /** `header.d`, `header.from`, `smtp.mailfrom`… lower case. */
  props: Record<string, string>;
}

/** `mx; dkim=pass header.d=sectigo.com; dmarc=pass header.from=sectigo.com` → one entry per method. */
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
 * What the receiving server's verdict says, judged as receivers do (RFC 7489 §4.2, RFC 8617):
 * `pass` when DMARC passed, or a DKIM signature of an aligned domain verified, or (no DMARC verdict)
 * an aligned SPF pass or a validated ARC chain; `fail` when DMARC failed, or nothing passed and a
 * DKIM/SPF check or the ARC chain failed; `none` when the results prove neither.
 *
 * A failing check beside a passing aligned one is not forgery: a second, broken gateway signature
 * (`dkim=pass; dkim=fail; dmarc=pass`), or SPF failing after a forwarding alias re-sent the mail
 * (`spf=fail; dkim=pass; dmarc=pass`) is how genuine mail looks.
 */
export type AuthJudgement =
  | { verdict: 'pass'; method: 'dmarc' | 'dkim' | 'spf' | 'arc' }
  | { verdict: 'fail'; reason: string }
  | { verdict: 'none' };

export function judgeAuthResults(
  header: string | undefined,
  /** Whether a signing (or envelope) domain is aligned with the author's: the From domain, or a CA's. */
  aligned: (domain: string | undefined) => boolean,
): AuthJudgement {
  if (!header || header.trim() === '') return { verdict: 'none' };
  const results = parseAuthResults(header);
  const is = (method: string, ...outcomes: string[]) =>
    results.filter((r) => r.method === method && outcomes.includes(r.result));
  if (is('dmarc', 'pass').length > 0) return { verdict: 'pass', method: 'dmarc' };
  const dkimDomain = (r: MethodResult) => r.props['header.d'] ?? r.props['header.i']?.split('@').pop();
  if (is('dkim', 'pass').some((r) => aligned(dkimDomain(r)))) return { verdict: 'pass', method: 'dkim' };
  const dmarcFail = is('dmarc', 'fail', 'permerror')[0];
  if (dmarcFail) return { verdict: 'fail', reason: `dmarc=${dmarcFail.result}` };
  const mailFrom = (r: MethodResult) => r.props['smtp.mailfrom']?.split('@').pop() ?? r.props['smtp.helo'];
  if (is('spf', 'pass').some((r) => aligned(mailFrom(r)))) return { verdict: 'pass', method: 'spf' };
  if (is('arc', 'pass').length > 0) return { verdict: 'pass', method: 'arc' };
  if (is('arc', 'fail').length > 0) return { verdict: 'fail', reason: 'arc=fail' };
  // Signed by some other domain (a mailing service): no proof either way.
  if (is('dkim', 'pass').length > 0) return { verdict: 'none' };
  for (const method of ['dkim', 'spf']) {
    const failed = is(method, 'fail', 'permerror')[0];
    if (failed) return { verdict: 'fail', reason: `${method}=${failed.result}` };
  }
  return { verdict: 'none' };
}

/** RFC 7489 §3.1 relaxed alignment, approximated: the same domain, or one a subdomain of the other. */
export function relaxedAligned(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/** The receiving server's own (topmost) Authentication-Results: lower ones may come from the sender. */
export function topAuthResults(mail: ParsedMail): string | undefined {
  const raw = mail.headers.get('authentication-results');
  const top = Array.isArray(raw) ? raw[0] : raw;
  return typeof top === 'string' ? top : undefined;
}

/** The verdict on a mail's From address, judged on the topmost Authentication-Results. */
export function judgeMail(mail: ParsedMail): AuthJudgement {
  const from = mail.from?.address.split('@').pop();
  return judgeAuthResults(topAuthResults(mail), (d) => relaxedAligned(d, from));
}

/**
 * Why the receiving server's verdict (RFC 8601 Authentication-Results) says the sender is forged, or
 * undefined. No header (a server that does not check) is not a failure.
 */
export function authFailure(mail: ParsedMail): string | undefined {
  const judged = judgeMail(mail);
  return judged.verdict === 'fail' ? judged.reason : undefined;
}
