import { createCaMailRecogniser } from '../camail/mail-recogniser.js';
import type { ParsedMail } from './parse-message.js';
import type { MailRecogniser, MailRecognition } from './recognition.js';

/** Every recogniser, tried in order; the first that claims a mail wins. */
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
