import type { HeaderValue } from 'mailparser';
import type { ParsedMail } from './parse-message.js';

/** Why a mail is not a person's reply: the bot never answers these (no mail loops, no backscatter). */
export type NoiseReason = 'auto-submitted' | 'out-of-office' | 'bounce' | 'bulk' | 'own-mail';

export type MailClass =
  | { kind: 'applicant-reply' }
  | { kind: 'auto-reply'; reason: NoiseReason }
  | { kind: 'other'; reason: NoiseReason | 'empty' };

/**
 * A header as text, whatever shape mailparser gave it: a structured header keeps its parameters
 * (`multipart/report; report-type=delivery-status`), an address header is its text (`Return-Path: <>`
 * is `<>`).
 */
export function headerText(mail: ParsedMail, name: string): string {
  return valueText(mail.headers.get(name));
}

function valueText(v: HeaderValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => valueText(x as HeaderValue)).join('\n');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'params' in v && typeof v.value === 'string') {
    const params = Object.entries(v.params ?? {}).map(([k, p]) => `; ${k}=${p}`);
    return `${v.value}${params.join('')}`;
  }
  if (typeof v === 'object' && 'value' in v && Array.isArray(v.value)) {
    // An address header: a null path (`<>`) is an entry with an empty address.
    const list = v.value as Array<{ address?: string }>;
    if (list.length > 0 && list.every((a) => !a.address)) return '<>';
    return 'text' in v && typeof v.text === 'string' ? v.text : '';
  }
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value;
  return '';
}

/**
 * Out-of-office subjects. Japanese words are followed by a delimiter, not by `\b` (a word boundary
 * never falls between two Japanese characters): 「自動応答: Re: …」, 「不在のお知らせ」, 【自動返信】.
 */
const OOF_SUBJECT =
  /^\s*(?:(?:自動応答|自動返信|自動送信|自動通知|不在|休暇|外出)(?:中|通知|連絡)?(?=[\s:：\-－―[【(（]|$|の?(?:お知らせ|ご連絡|ご案内))|(?:Auto(?:matic)?[\s-]*(?:reply|response)|Out of (?:the )?office|Abwesenheit|Vacation)\b)|[[【(（〔](?:自動応答|自動返信|自動送信|不在|休暇|Auto(?:matic)? ?reply|Out of (?:the )?office)[^\]】)）〕]{0,10}[\]】)）〕]/i;
const BOUNCE_FROM = /^(mailer-daemon|postmaster|mail-daemon|microsoftexchange[0-9a-f]{32})@/i;
/** Report types of RFC 3464 delivery reports and RFC 8098 read receipts. */
const REPORT = /^multipart\/report\b[\s\S]*\breport-type\s*=\s*"?(delivery-status|disposition-notification)/i;

/**
 * Sorts a mail into applicant reply, auto-reply (RFC 3834 Auto-Submitted, X-Autoreply, out-of-office,
 * RFC 3464 delivery reports) or other (our own mail, bulk/list mail, nothing written).
 */
export function classifyMail(mail: ParsedMail, options: { botAddresses?: string[] } = {}): MailClass {
  const from = mail.from?.address ?? '';
  if (from && (options.botAddresses ?? []).some((a) => a.toLowerCase() === from)) {
    return { kind: 'other', reason: 'own-mail' };
  }
  if (
    BOUNCE_FROM.test(from) ||
    REPORT.test(headerText(mail, 'content-type')) ||
    headerText(mail, 'return-path').trim() === '<>' ||
    // Exchange marks its non-delivery reports; Exim and Postfix name the failed recipients.
    mail.headers.has('x-ms-exchange-message-is-ndr') ||
    mail.headers.has('x-failed-recipients')
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
