import { createHash } from 'node:crypto';
import type { MailStateStore } from '../mail/mail-state-store.js';
import { queueMail } from '../mail/outbox.js';
import { mailSubject, renderMail } from '../mail/render-mail.js';
import type { Notify } from './notify.js';

/**
 * The email channel's notifier: one mail in the application's own thread (its References), to the
 * thread's addresses or the applicant's. Queued in the outbox like every answer (sent with retries).
 */
export function mailNotify(opts: {
  state: MailStateStore;
  from: string;
  clock: () => Date;
  onQueued?: () => void;
}): Notify {
  return async (app, replies) => {
    if (replies.length === 0) return false;
    const thread = await opts.state.getThread(app.id);
    const applicant = app.members.find((m) => m.channel === 'email')?.id;
    const to = thread?.to.length ? thread.to : applicant ? [applicant] : [];
    if (to.length === 0) return false;
    const references = thread?.references ?? [];
    const body = renderMail(replies, app.lang);
    // Stable per application state and content: a retried delivery queues the same mail once.
    const key = `camail:${app.id}:${createHash('sha256').update(`${app.updatedAt}\n${body.text}`).digest('hex')}`;
    await queueMail(
      opts.state,
      opts.from,
      {
        key,
        applicationId: app.id,
        to,
        subject: mailSubject(app.id, replies, app.lang),
        ...body,
        ...(references.length > 0 ? { inReplyTo: references[references.length - 1]! } : {}),
        references,
        // Not an answer to anything the applicant sent: RFC 3834 `auto-generated`.
        autoSubmitted: 'auto-generated',
      },
      opts.clock(),
    );
    opts.onQueued?.();
    return true;
  };
}
