import { judgeAuthResults, parseAuthResults } from '../mail/auth-results.js';
import { isExpectedDomain } from './ca-domains.js';

export { parseAuthResults };

/** What the receiving server's RFC 8601 Authentication-Results header says about a CA mail. */
export type AuthVerdict =
  | { type: 'absent' }
  | { type: 'pass'; method: 'dmarc' | 'dkim' }
  | { type: 'fail'; reason: string }
  | { type: 'no-pass' };

/**
 * The verdict on the topmost Authentication-Results (the receiving server's own), judged as receivers
 * do (src/mail/auth-results.ts): a DMARC pass, or a DKIM pass whose signing domain (`header.d`) is an
 * expected sender domain, trusts the mail, whatever other signatures or SPF said (a Sectigo mail reached
 * through the approval address's forwarding fails SPF and passes DKIM and DMARC). A DMARC fail, or a
 * failure with nothing passing, is a forgery. SPF or ARC alone never vouches for a CA mail: `no-pass`.
 */
export function authVerdict(header: string | undefined, expected: readonly string[]): AuthVerdict {
  if (!header || header.trim() === '') return { type: 'absent' };
  const judged = judgeAuthResults(header, (d) => isExpectedDomain(d, expected));
  if (judged.verdict === 'fail') return { type: 'fail', reason: judged.reason };
  if (judged.verdict === 'pass' && (judged.method === 'dmarc' || judged.method === 'dkim'))
    return { type: 'pass', method: judged.method };
  return { type: 'no-pass' };
}
