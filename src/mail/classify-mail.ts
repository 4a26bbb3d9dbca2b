import type { HeaderValue } from 'mailparser';
import type { ParsedMail } from './parse-message.js';

/** Why a mail is not a person's reply: the bot never answers these (no mail loops, no backscatter). */
export type NoiseReason = 'auto-submitted' | 'out-of-office' | 'bounce' | 'bulk' | 'own-mail';

export type MailClass =
  | { kind: 'applicant-reply' }
  | { kind: 'auto-reply'; reason: NoiseReason }
  | { kind: 'other'; reason: NoiseReason | 'empty' };

export function headerText(mail: ParsedMail, name: string): string {
  const v: HeaderValue | undefined = mail.headers.get(name);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : '')).join('\n');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value;
  return '';
}

const OOF_SUBJECT =
  /^\s*(自動応答|自動返信|不在(通知|のお知らせ)?|休暇|Auto(matic)?[\s-]*(reply|response)|Out of (the )?office|Abwesenheit|Vacation)\b|[[【(（](自動応答|自動返信|不在|Auto(matic)? ?reply)[\]】)）]/i;
const BOUNCE_FROM = /^(mailer-daemon|postmaster|mail-daemon)@/i;

/**
 * Sorts a mail into applicant reply, auto-reply (RFC 3834 Auto-Submitted, X-Autoreply, out-of-office,
 * RFC 3464 delivery reports) or other (our own mail, bulk/list mail, nothing written).
 */
export function classifyMail(mail: ParsedMail, options: { botAddresses?: string[] } = {}): MailClass {
  const from = mail.from?.address ?? '';
  if (from && (options.botAddresses ?? []).some((a) => a.toLowerCase() === from)) {
    return { kind: 'other', reason: 'own-mail' };
  }
  const contentType = headerText(mail, 'content-type').toLowerCase();
  if (
    BOUNCE_FROM.test(from) ||
    (contentType.startsWith('multipart/report') &&
      /delivery-status|disposition-notification/.test(contentType)) ||
    headerText(mail, 'return-path').trim() === '<>'
  ) {
    return { kind: 'auto-reply', reason: 'bounce' };
  }
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return { kind: 'auto-reply', reason: 'auto-submitted' };
  if (
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    mail.headers.has('x-autoresponder')
  ) {
    return { kind: 'auto-reply', reason: 'auto-submitted' };
  }
  if (headerText(mail, 'x-auto-response-suppress') !== '' && OOF_SUBJECT.test(mail.subject)) {
    return { kind: 'auto-reply', reason: 'out-of-office' };
  }
  if (OOF_SUBJECT.test(mail.subject)) return { kind: 'auto-reply', reason: 'out-of-office' };
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (precedence === 'auto_reply') return { kind: 'auto-reply', reason: 'auto-submitted' };
  if (
    ['bulk', 'junk', 'list'].includes(precedence) ||
    mail.headers.has('list-id') ||
    mail.headers.has('list')
  ) {
    return { kind: 'other', reason: 'bulk' };
  }
  return { kind: 'applicant-reply' };
}
