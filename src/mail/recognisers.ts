import { createCaMailRecogniser } from '../camail/mail-recogniser.js';
import type { TurnServices } from '../conversation/run-turn.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import type { ParsedMail } from './parse-message.js';

/** What a recogniser made of a mail: its kind (e.g. `ca-approval`) and the facts it read. */
export interface MailRecognition {
  kind: string;
  /** Facts for `parse-mail`'s JSON and the flow (never logged: they may hold codes). */
  fields?: Record<string, unknown>;
  /** Issue 6 hook: keys `parse-mail` prints at the top level, after `kind` (e.g. `url`, `trusted`). */
  summary?: Record<string, unknown>;
}

/**
 * Claims a mail before it is treated as an applicant's reply (the CA mails of issue 6). `recognise`
 * is pure; the inbound pipeline hands a claimed mail to `MailDeps.onRecognised`.
 */
export interface MailRecogniser {
  name: string;
  recognise(mail: ParsedMail): MailRecognition | undefined;
  /**
   * What the bot does with a claimed mail (e.g. a turn with the CA mail's facts). Without it, and without
   * `MailHandlerDeps.onRecognised`, a claimed mail is only logged.
   */
  apply?(mail: ParsedMail, recognition: MailRecognition, context: RecogniserContext): Promise<void>;
}

/** What a recogniser's `apply` may use: the turn services, and a way to mail the applicant. */
export interface RecogniserContext {
  services: TurnServices;
  /** Mails replies to the application's thread (its applicant), in reply to the recognised mail. */
  answer(applicationId: string, replies: Reply[], lang: Lang): Promise<void>;
}

/** Every recogniser, tried in order; the first that claims a mail wins. Issue 6 registers its own here. */
export const RECOGNISERS: MailRecogniser[] = [createCaMailRecogniser()];

export function recogniseMail(
  mail: ParsedMail,
  recognisers: readonly MailRecogniser[] = RECOGNISERS,
): (MailRecognition & { recogniser: MailRecogniser }) | undefined {
  for (const r of recognisers) {
    const hit = r.recognise(mail);
    if (hit) return { ...hit, recogniser: r };
  }
  return undefined;
}
