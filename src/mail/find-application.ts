import { emailConversationKey, emailReferenceKey } from '../conversation/conversation-key.js';
import type { ApplicationStore } from '../store/application-store.js';
import type { ParsedMail } from './parse-message.js';

/** `[EV SSL A1B2C3]` in a subject (any `Re:`/`RE:`/`Fwd:` before it). */
const SUBJECT_REF = /\[EV SSL ([0-9A-F]{6,12})\]/i;

export function subjectReference(subject: string): string | undefined {
  return SUBJECT_REF.exec(subject)?.[1]?.toUpperCase();
}

/**
 * The application a mail belongs to: In-Reply-To / References to a message of our thread (newest
 * first), else the reference in the subject (carriers often drop References). Returns the conversation
 * key runTurn resolves to that application.
 */
export async function findApplication(
  store: ApplicationStore,
  mail: ParsedMail,
): Promise<{ applicationId: string; conversation: string } | undefined> {
  const ids = [mail.inReplyTo, ...[...mail.references].reverse()].filter((x): x is string => Boolean(x));
  for (const id of new Set(ids)) {
    const applicationId = await store.resolve(emailConversationKey(id));
    if (applicationId) return { applicationId, conversation: emailConversationKey(id) };
  }
  const ref = subjectReference(mail.subject);
  if (ref && (await store.load(ref))) {
    const conversation = emailReferenceKey(ref);
    await store.bind(conversation, ref);
    return { applicationId: ref, conversation };
  }
  return undefined;
}

/** The key of a thread that has no application yet: its first message. */
export function rootKey(mail: ParsedMail): string | undefined {
  const root = mail.references[0] ?? mail.inReplyTo ?? mail.messageId;
  return root ? emailConversationKey(root) : undefined;
}
