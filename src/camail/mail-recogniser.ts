import type { CaMailFacts } from '../flow/ca-mail.js';
import type { MailRecogniser, MailRecognition } from '../mail/recognition.js';
import { type CaVia, type RecogniseOptions, recogniseCaMail } from './recognise-ca-mail.js';

/** What `parse-mail` prints for a CA mail (public contract) and what the router reads back. */
export type CaMailFields = CaMailFacts & { via: CaVia };

/** The email channel's recogniser for CloudSecure / Sectigo / XServer mails . */
export function createCaMailRecogniser(options: RecogniseOptions = {}): MailRecogniser {
  return {
    name: 'ca-mail',
    recognise(mail): MailRecognition | undefined {
      const hit = recogniseCaMail(mail, options);
      if (!hit) return undefined;
      const fields: CaMailFields = { ...hit.facts, via: hit.via };
      return { kind: hit.facts.kind, fields: { ...fields }, summary: parseMailSummary(fields) };
    },
  };
}

/** The top-level `parse-mail` keys of a CA mail: the URL to open, the code, order, domain and trust. */
function parseMailSummary(f: CaMailFields): Record<string, unknown> {
  return {
    verificationCode: f.verificationCode ?? null,
    url: f.url ?? null,
    orderNumber: f.orderNumber ?? null,
    domain: f.domain ?? null,
    trusted: f.trusted,
    trustReason: f.trustReason,
  };
}

/** Reads a CA recognition back (the mail pipeline hands it over as a MailRecognition). */
export function caFieldsOf(recognition: MailRecognition): CaMailFields | undefined {
  const f = recognition.fields;
  if (!f || typeof f.trustReason !== 'string' || typeof f.trusted !== 'boolean') return undefined;
  return f as unknown as CaMailFields;
}
