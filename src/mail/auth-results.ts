import { headerText } from './classify-mail.js';
import type { ParsedMail } from './parse-message.js';

/**
 * Whether the receiving server's verdict (RFC 8601 Authentication-Results) says the sender is forged.
 * Only the topmost header is read: it is the one our own server added; lower ones may come from the
 * sender. No header (a server that does not check) is not a failure.
 */
export function authFailure(mail: ParsedMail): string | undefined {
  const raw = mail.headers.get('authentication-results');
  const top = Array.isArray(raw) ? raw[0] : raw;
  const text =
    typeof top === 'string' ? top : top === undefined ? '' : headerText(mail, 'authentication-results');
  // DMARC first: it is the verdict on the From address people see.
  for (const method of ['dmarc', 'dkim', 'spf']) {
    const m = new RegExp(`\\b${method}\\s*=\\s*(fail|permerror)\\b`, 'i').exec(text);
    if (m) return `${method}=${m[1]!.toLowerCase()}`;
  }
  return undefined;
}
