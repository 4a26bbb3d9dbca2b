import { ask } from './ask.js';
import type { Message } from './catalogue.js';
import type { EngineDeps } from './deps.js';
import { currentQuestion } from './progress.js';
import { type Effect, type Reply, type Tone, textReply } from './replies.js';
import type { Actor, Application } from './state.js';
import type { Lang, Text } from './types.js';

/** What a turn is given besides the application and the event: time, who acts, pure computations. */
export interface TurnContext {
  now: Date;
  actor: Actor;
  deps: EngineDeps;
}

/** What a turn produces: the new application, the replies to send, the effects for the adapters. */
export interface Outcome {
  app: Application;
  replies: Reply[];
  effects: Effect[];
  /** Question ids whose answer changed this turn (for the audit trail; no values). */
  changed: string[];
}

/** Asks the current question again (or says the application is done). */
export function reAsk(out: Outcome, ctx: TurnContext): void {
  if (out.app.status !== 'active') return;
  const q = currentQuestion(out.app);
  if (q) out.replies.push(...ask(out.app, q, ctx.deps));
}

/**
 * A reply from the catalogue: the message filled in the given language, carrying its id and parameters
 * (tests assert those, not the wording). A text that is not catalogued (a CA's own words) has no id.
 */
export function tell(
  out: Outcome,
  m: Text | Message,
  lang: Lang,
  params: Record<string, string | number> = {},
  tone?: Tone,
): void {
  out.replies.push(textReply(m, lang, params, tone));
}

/** A plain text reply. */
export function say(out: Outcome, text: string, tone?: Tone): void {
  out.replies.push(tone ? { type: 'text', text, tone } : { type: 'text', text });
}

type CertificateIssued = Extract<Effect, { type: 'certificate-issued' }>;

/** The effect telling the adapters a certificate is issued for the application's CSR (reminders track it). */
export function certificateIssued(
  app: Application,
  certificate: CertificateIssued['certificate'],
  extra: Pick<CertificateIssued, 'contractEnd' | 'validatedAt'> = {},
): CertificateIssued {
  return {
    type: 'certificate-issued',
    certificate,
    ...(app.csr ? { csr: app.csr } : {}),
    ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
    ...extra,
  };
}
