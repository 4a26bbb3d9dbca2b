import type { ParsedMail } from './parse-message.js';

/** What a recogniser made of a mail: its kind (e.g. `ca-approval`) and the facts it read. */
export interface MailRecognition {
  kind: string;
  /** Facts for `parse-mail`'s JSON and the flow (never logged: they may hold codes). */
  fields?: Record<string, unknown>;
  /** Keys `parse-mail` prints at the top level, after `kind` (e.g. `url`, `trusted`). */
  summary?: Record<string, unknown>;
}

/**
 * Claims a mail before it is treated as an applicant's reply (a CA mail). `recognise` is pure; the
 * inbound pipeline hands a claimed mail to `MailHandlerDeps.onRecognised` (without one it is only logged).
 */
export interface MailRecogniser {
  name: string;
  recognise(mail: ParsedMail): MailRecognition | undefined;
}
