import { emailConversationKey } from '../conversation/conversation-key.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { eventRef } from '../ops/correlation.js';
import type { MailHandlerDeps, MailOutcome } from './mail-handler.js';
import { queueMail } from './outbox.js';
import type { ParsedMail } from './parse-message.js';
import { mailSubject, renderMail } from './render-mail.js';

export interface ThreadAnswer {
  applicationId: string | undefined;
  to: string[];
  replies: Reply[];
  lang: Lang;
  /** Lines before the replies (attachment acknowledgements). */
  notes: string[];
}

/**
 * Queues the answer to `mail` in the application's thread (In-Reply-To the mail, References the whole
 * thread) and binds both Message-IDs to the application, so a reply to either finds it.
 */
export async function answerInThread(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  answer: ThreadAnswer,
): Promise<MailOutcome> {
  const { applicationId, replies, lang } = answer;
  const messageId = mail.messageId ?? '';
  if (applicationId && messageId)
    await deps.services.store.bind(emailConversationKey(messageId), applicationId);
  const thread = applicationId ? await deps.state.getThread(applicationId) : null;
  // A derived id (the mail had none) names nothing the applicant's client knows: not threaded on.
  const own = messageId && !mail.messageIdDerived ? [messageId] : [];
  const references = [...new Set([...(thread?.references ?? []), ...mail.references, ...own])];
  const queued = await queueMail(
    deps.state,
    deps.from,
    {
      key: `reply:${messageId}`,
      ...(applicationId ? { applicationId } : {}),
      to: answer.to,
      subject: mailSubject(applicationId, replies, lang),
      ...renderMail(replies, lang, answer.notes),
      ...(own.length > 0 ? { inReplyTo: messageId } : {}),
      references,
      // The turn ran under event id `email:<Message-ID>` (handle-mail.ts): its line names the same id.
      ...(messageId ? { corr: eventRef('email', `email:${messageId}`) } : {}),
    },
    deps.services.clock(),
  );
  if (applicationId) await deps.services.store.bind(emailConversationKey(queued.messageId), applicationId);
  deps.onQueued?.();
  return { action: 'answered', ...(applicationId ? { applicationId } : {}), outboxId: queued.id };
}
