import { guessLang } from '../flow/start.js';
import { classifyMail } from './classify-mail.js';
import { findApplication } from './find-application.js';
import type { MailHandlerDeps, MailOutcome } from './handle-mail.js';
import { queueMail } from './outbox.js';
import type { ParsedMail } from './parse-message.js';
import { renderMail } from './render-mail.js';
import { formatSize } from './reply-event.js';

/**
 * A mail over the size limit was not loaded (only its headers were read): its sender is told, politely,
 * in the same thread, when it is a person on a known thread or from an allowed domain. Noise gets nothing.
 */
export async function refuseOversized(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  size: number,
  limit: number,
): Promise<MailOutcome> {
  const sender = mail.from?.address;
  const cls = classifyMail(mail, { botAddresses: [deps.from] });
  if (!sender || !mail.messageId || cls.kind !== 'applicant-reply')
    return { action: 'ignored', reason: 'oversized' };
  const found = await findApplication(deps.services.store, mail);
  if (!found && !deps.allowedDomains.includes(sender.split('@')[1] ?? '')) {
    return { action: 'ignored', reason: 'oversized' };
  }
  const stored = found ? await deps.services.store.load(found.applicationId) : null;
  if (stored && !stored.app.members.some((m) => m.channel === 'email' && m.id === sender)) {
    return { action: 'ignored', reason: 'not-a-member' };
  }
  const lang = stored?.app.lang ?? guessLang(mail.subject, 'ja');
  const text =
    lang === 'ja'
      ? `お送りいただいたメール（${formatSize(size)}）は大きすぎるため読み込めませんでした（上限 ${formatSize(limit)}）。添付ファイルを小さくするか分けて、もう一度お送りください。`
      : `Your mail (${formatSize(size)}) is too large to be read (limit ${formatSize(limit)}). Please send it again with smaller or fewer attachments.`;
  const applicationId = found?.applicationId;
  const thread = applicationId ? await deps.state.getThread(applicationId) : null;
  const queued = await queueMail(
    deps.state,
    deps.from,
    {
      key: `oversized:${mail.messageId}`,
      ...(applicationId ? { applicationId } : {}),
      to: [sender],
      subject: `${applicationId ? `[EV SSL ${applicationId}]` : '[EV SSL]'} ${lang === 'ja' ? 'メールが大きすぎます' : 'Mail too large'}`,
      ...renderMail([{ type: 'text', tone: 'warning', text }], lang),
      inReplyTo: mail.messageId,
      references: [...new Set([...(thread?.references ?? []), ...mail.references, mail.messageId])],
    },
    (deps.services.clock ?? (() => new Date()))(),
  );
  deps.onQueued?.();
  return { action: 'answered', ...(applicationId ? { applicationId } : {}), outboxId: queued.id };
}
