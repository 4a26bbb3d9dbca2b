import type { CaMailFacts } from '../flow/ca-mail.js';
import { judgeMail, topAuthResults } from '../mail/auth-results.js';
import type { ParsedMail } from '../mail/parse-message.js';
import { authVerdict } from './auth-verdict.js';
import { DEFAULT_CA_SENDER_DOMAINS, domainOf, isExpectedDomain, isLookalike } from './ca-domains.js';
import { type CaContent, detectKind, extractFacts } from './extract-facts.js';
import { unwrapForward } from './unwrap-forward.js';

/** How the CA mail reached the bot. */
export type CaVia = 'mailbox' | 'attached' | 'forwarded' | 'pasted';

export interface CaRecognition {
  facts: CaMailFacts;
  via: CaVia;
}

export interface RecogniseOptions {
  /** Expected sender domains (CA_SENDER_DOMAINS); default DEFAULT_CA_SENDER_DOMAINS. */
  domains?: readonly string[];
  /**
   * Strict (CA_MAIL_REQUIRE_AUTH, on by default in production): a CA mail is trusted only on a passing
   * result. Without one (the receiving server adds no Authentication-Results) it is shown as suspicious
   * and never applied; a forwarded one needs its forwarder's mail to pass.
   */
  requireAuth?: boolean;
}

/** A parsed mail, with the `message/rfc822` attachments parsed too (src/mail/parse-message.ts `embedded`). */
export type MailWithEmbedded = ParsedMail & { embedded?: ParsedMail[] };

interface View extends CaContent {
  via: CaVia;
  from?: string;
  /** The topmost Authentication-Results of the message itself, when it can be read. */
  auth?: string;
}

/**
 * Recognises a CloudSecure / Sectigo / XServer mail however it arrived: in the watched mailbox, as an
 * attached `message/rfc822`, forwarded inline (Gmail, Outlook, Thunderbird, Apple Mail, English and
 * Japanese), and judges whether its sender can be trusted. Pure: no I/O, no clock.
 */
export function recogniseCaMail(
  mail: MailWithEmbedded,
  options: RecogniseOptions = {},
): CaRecognition | undefined {
  const domains = options.domains ?? DEFAULT_CA_SENDER_DOMAINS;
  const outerAuth = topAuth(mail);
  const forwarder = judgeMail(mail);
  const self: View = { via: 'mailbox', subject: mail.subject, text: mail.text, ...opt('html', mail.html) };
  if (mail.from) self.from = mail.from.address;
  if (outerAuth) self.auth = outerAuth;
  const views: View[] = [];
  const caSender =
    isExpectedDomain(domainOf(self.from), domains) || isLookalike(domainOf(self.from), domains);
  if (caSender) views.push(self);
  for (const inner of mail.embedded ?? []) {
    const v: View = { via: 'attached', subject: inner.subject, text: inner.text, ...opt('html', inner.html) };
    if (inner.from) v.from = inner.from.address;
    const auth = topAuth(inner);
    if (auth) v.auth = auth;
    views.push(v);
  }
  const inline = unwrapForward(mail.text);
  if (inline?.from) {
    views.push({
      via: 'forwarded',
      from: inline.from,
      subject: inline.subject ?? mail.subject,
      text: inline.body,
      ...opt('html', mail.html),
    });
  }
  if (!caSender) views.push(self);
  for (const view of views) {
    const hit = recogniseView(view, domains, view.via === 'mailbox' ? undefined : forwarder, options);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * A CA mail pasted as text into Slack or the console. Never trusted: nothing about its sender can be
 * checked (`trustReason: 'pasted'`), unless what is visible already gives it away as a forgery.
 */
export function recogniseCaText(text: string, options: RecogniseOptions = {}): CaMailFacts | undefined {
  const domains = options.domains ?? DEFAULT_CA_SENDER_DOMAINS;
  const inline = unwrapForward(text);
  const view: View = inline
    ? { via: 'pasted', subject: inline.subject ?? '', text: inline.body, ...opt('from', inline.from) }
    : { via: 'pasted', subject: '', text };
  return recogniseView(view, domains, undefined, options)?.facts;
}

type Forwarder = ReturnType<typeof judgeMail>;

function recogniseView(
  view: View,
  domains: readonly string[],
  forwarder: Forwarder | undefined,
  options: RecogniseOptions,
) {
  const kind = detectKind(view);
  if (!kind) return undefined;
  const facts = extractFacts(kind, view, domains);
  const sender = domainOf(view.from);
  const fromCa = isExpectedDomain(sender, domains) || isLookalike(sender, domains);
  // Only a CA (or lookalike) sender makes a mail a CA mail: an applicant's reply quoting the bot's own
  // notice (URL, code and all) must stay a reply. Pasted text has no sender: its link or code must show.
  const pastedMail = view.via === 'pasted' && !view.from && (facts.url || facts.verificationCode);
  if (!fromCa && !pastedMail) return undefined;
  const trust = judge(view, sender, facts.url, domains, forwarder, options.requireAuth === true);
  const out: CaMailFacts = { kind, ...trust, ...opt('senderDomain', sender), ...facts };
  return { facts: out, via: view.via };
}

function judge(
  view: View,
  sender: string | undefined,
  url: string | undefined,
  domains: readonly string[],
  forwarder: Forwarder | undefined,
  strict: boolean,
): { trusted: boolean; trustReason: string } {
  const no = (trustReason: string) => ({ trusted: false, trustReason });
  if (sender && isLookalike(sender, domains)) return no('lookalike-sender');
  if (view.from && !isExpectedDomain(sender, domains)) return no('unexpected-sender');
  if (url && !isExpectedDomain(safeHost(url), domains)) return no('unexpected-url-host');
  if (view.via === 'pasted') return no('pasted');
  if (!sender) return no('no-sender');
  // The applicant's own forwarding mail must not itself be forged.
  if (forwarder?.verdict === 'fail') return no(`forwarder-auth-fail:${forwarder.reason}`);
  const verdict = authVerdict(view.auth, domains);
  if (verdict.type === 'fail') return no(`auth-fail:${verdict.reason}`);
  if (verdict.type === 'no-pass') return no('auth-no-pass');
  if (verdict.type === 'pass') return { trusted: true, trustReason: `${verdict.method}=pass` };
  // No result for the CA mail itself: a forwarded one rests on its forwarder's (an applicant's) mail.
  if (strict && forwarder?.verdict !== 'pass') return no('auth-absent');
  return { trusted: true, trustReason: view.via === 'forwarded' ? 'forwarded-sender' : 'sender-domain' };
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** The receiving server's own (topmost) Authentication-Results header. */
function topAuth(mail: ParsedMail): string | undefined {
  return topAuthResults(mail);
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
