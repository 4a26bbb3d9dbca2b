import type { FieldName } from '../flow/types.js';
import { classifyMail } from './classify-mail.js';
import { extractReply } from './extract-reply.js';
import type { ParsedMail } from './parse-message.js';
import { RECOGNISERS, recogniseMail } from './recognisers.js';
import type { MailRecogniser } from './recognition.js';
import { extractFields } from './reply-fields.js';

/** The JSON `evssl-bot parse-mail` prints (public contract; recognisers add their kinds and fields). */
export interface MailDescription {
  kind: string;
  reason?: string;
  from: string | null;
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  replyText: string;
  fields: Partial<Record<FieldName, string>> | Record<string, unknown>;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

export interface DescribeOptions {
  botAddresses?: string[];
  recognisers?: readonly MailRecogniser[];
}

/** What the bot makes of one mail, without a store: kind, the reply's new text and its `label: value` fields. */
export function describeMail(mail: ParsedMail, options: DescribeOptions = {}): MailDescription {
  const recognised = recogniseMail(mail, options.recognisers ?? RECOGNISERS);
  const cls = recognised
    ? undefined
    : classifyMail(mail, options.botAddresses ? { botAddresses: options.botAddresses } : {});
  const reading = recognised !== undefined || cls?.kind === 'applicant-reply';
  const replyText = reading ? extractReply(mail) : '';
  const fields = recognised ? (recognised.fields ?? {}) : reading ? extractFields(replyText) : {};
  let kind = recognised?.kind ?? cls!.kind;
  let reason = cls && 'reason' in cls ? cls.reason : undefined;
  if (cls?.kind === 'applicant-reply' && replyText === '' && mail.attachments.length === 0) {
    kind = 'other';
    reason = 'empty';
  }
  // Key order is the documented JSON shape: kind, from, subject, ids, replyText, fields, attachments.
  return {
    kind,
    // A CA mail's verificationCode, url, orderNumber, domain, trusted, trustReason.
    ...(recognised?.summary ?? {}),
    ...(reason ? { reason } : {}),
    from: mail.from?.address ?? null,
    subject: mail.subject,
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references: mail.references,
    replyText,
    fields,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}
