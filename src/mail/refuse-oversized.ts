import { catalogue } from '../flow/catalogue.js';
import { guessLang } from '../flow/start.js';
import type { Lang } from '../flow/types.js';
import { authFailure } from './auth-results.js';
import { classifyMail } from './classify-mail.js';
import { findApplication } from './find-application.js';
import type { MailHandlerDeps, MailOutcome } from './mail-handler.js';
import { queueMail } from './outbox.js';
import type { ParsedMail } from './parse-message.js';
import { renderMail } from './render-mail.js';
import { formatSize } from './reply-event.js';

/** Why a mail was not read: over the size limit, refused by the parser, or failing again and again. */
export type Unread =
  | { type: 'oversized'; size: number; limit: number }
  | { type: 'unreadable' }
  | { type: 'failing' };

const TEXT: Record<Unread['type'], Record<Lang, (u: Unread) => string>> = {
  oversized: {
    ja: (u) =>
      u.type === 'oversized'
        ? `お送りいただいたメール（${formatSize(u.size)}）は大きすぎるため読み込めませんでした（上限 ${formatSize(u.limit)}）。添付ファイルを小さくするか分けて、もう一度お送りください。`
        : '',
    en: (u) =>
      u.type === 'oversized'
        ? `Your mail (${formatSize(u.size)}) is too large to be read (limit ${formatSize(u.limit)}). Please send it again with smaller or fewer attachments.`
        : '',
  },
  unreadable: {
    ja: () =>
      'お送りいただいたメールは形式の問題（パートやヘッダーが多すぎる・大きすぎる等）で読み込めませんでした。内容は反映されていません。お手数ですが、本文だけの新しい返信（添付は必要なものだけ）でもう一度お送りください。',
    en: () =>
      'Your mail could not be read: its format is beyond what we accept (too many parts, or headers too large). Nothing in it was applied. Please send your answer again as a plain reply, with only the attachments needed.',
  },
  failing: {
    ja: () =>
      'お送りいただいたメールは、繰り返し試しましたが処理できませんでした。内容は反映されていません。お手数ですが、しばらくしてからもう一度お送りください。',
    en: () =>
      'We tried several times but could not process your mail. Nothing in it was applied. Please send it again a little later.',
  },
};

const TEXTS = catalogue('mail.oversized', {
  subject: {
    oversized: { ja: 'メールが大きすぎます', en: 'Mail too large' },
    unreadable: { ja: 'メールを読み込めませんでした', en: 'Mail could not be read' },
    failing: { ja: 'メールを処理できませんでした', en: 'Mail could not be processed' },
  },
});

/**
 * A mail the bot did not read (only its headers were): its sender is told, politely, in the same thread,
 * when it is a person on a known thread or from an allowed domain — the rules every answer follows.
 * Noise (auto-replies, bounces, lists, our own mail, a failed authentication) and strangers get nothing.
 */
export async function refuseUnread(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  why: Unread,
): Promise<MailOutcome> {
  const reason = why.type;
  const sender = mail.from?.address;
  const cls = classifyMail(mail, { botAddresses: [deps.from] });
  if (!sender || !mail.messageId || cls.kind !== 'applicant-reply') return { action: 'ignored', reason };
  if (sender === deps.from.toLowerCase()) return { action: 'ignored', reason };
  if (deps.requireAuth && authFailure(mail)) return { action: 'ignored', reason };
  const found = await findApplication(deps.services.store, mail);
  if (!found && !deps.allowedDomains.includes(sender.split('@')[1] ?? '')) {
    return { action: 'ignored', reason };
  }
  const stored = found ? await deps.services.store.load(found.applicationId) : null;
  if (stored && !stored.app.members.some((m) => m.channel === 'email' && m.id === sender)) {
    return { action: 'ignored', reason: 'not-a-member' };
  }
  const lang = stored?.app.lang ?? guessLang(mail.subject, 'ja');
  const applicationId = found?.applicationId;
  const thread = applicationId ? await deps.state.getThread(applicationId) : null;
  const queued = await queueMail(
    deps.state,
    deps.from,
    {
      key: `${reason}:${mail.messageId}`,
      ...(applicationId ? { applicationId } : {}),
      to: [sender],
      subject: `${applicationId ? `[EV SSL ${applicationId}]` : '[EV SSL]'} ${TEXTS.subject[reason][lang]}`,
      ...renderMail([{ type: 'text', tone: 'warning', text: TEXT[reason][lang](why) }], lang),
      inReplyTo: mail.messageId,
      references: [...new Set([...(thread?.references ?? []), ...mail.references, mail.messageId])],
    },
    deps.services.clock(),
  );
  deps.onQueued?.();
  return { action: 'answered', ...(applicationId ? { applicationId } : {}), outboxId: queued.id };
}

/** A mail over the size limit was not loaded (only its headers were read). */
export function refuseOversized(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  size: number,
  limit: number,
): Promise<MailOutcome> {
  return refuseUnread(deps, mail, { type: 'oversized', size, limit });
}
