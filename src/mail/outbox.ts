import { createHash, randomBytes } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../log/logger.js';
import { metrics } from '../ops/metrics.js';
import type { MailStateStore, MailThread, OutboxMessage } from './mail-state-store.js';

/** The outbox id of the mail queued under `key` (stable: the same key is one mail). */
export function outboxId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

export interface QueueRequest {
  /** Stable key of what caused the mail (the inbound Message-ID plus a purpose): the same mail is queued once. */
  key: string;
  applicationId?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The message we answer, and the thread so far (oldest first). */
  inReplyTo?: string;
  references: string[];
  /** RFC 3834: `auto-generated` for a notice that answers no mail of the applicant's (a CA mail's). */
  autoSubmitted?: 'auto-generated';
  /** The correlation id of the turn it answers: its send is logged under it, after a restart too. */
  corr?: string;
}

/** Writes a mail to the outbox (before any send is attempted) and records it in the application's thread. */
export async function queueMail(
  state: MailStateStore,
  from: string,
  request: QueueRequest,
  now: Date,
): Promise<OutboxMessage> {
  const id = outboxId(request.key);
  const existing = await state.getOutbox(id);
  if (existing) return existing;
  const domain = from.split('@')[1] ?? 'localhost';
  const message: OutboxMessage = {
    id,
    ...(request.applicationId ? { applicationId: request.applicationId } : {}),
    to: request.to,
    subject: request.subject,
    text: request.text,
    html: request.html,
    messageId: `<evssl.${request.applicationId ?? 'new'}.${id}@${domain}>`,
    ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
    references: capReferences(request.references),
    ...(request.autoSubmitted ? { autoSubmitted: request.autoSubmitted } : {}),
    ...(request.corr ? { corr: request.corr } : {}),
    createdAt: now.toISOString(),
    attempts: 0,
    nextAttemptAt: now.getTime(),
    status: 'pending',
  };
  await state.putOutbox(message);
  metrics().repliesOwed.inc({ channel: 'email' });
  if (request.applicationId) {
    const thread: MailThread = {
      applicationId: request.applicationId,
      to: request.to,
      references: capReferences([...request.references, message.messageId]),
    };
    await state.setThread(thread);
  }
  return message;
}

/** Keeps the thread's first Message-ID and the latest ones (clients thread on the root; RFC 5322 §3.6.4). */
export function capReferences(ids: string[], max = 20): string[] {
  return ids.length <= max ? ids : [ids[0]!, ...ids.slice(-(max - 1))];
}

export interface OutboxSenderOptions {
  state: MailStateStore;
  transport: Transporter;
  from: string;
  /** The display name of From (`EV SSL Bot <bot@…>`). */
  fromName?: string;
  logger: Logger;
  clock?: () => Date;
  /** First retry delay; doubles each attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a message is kept as `failed` (never silently dropped). */
  maxAttempts?: number;
  /**
   * Messages in flight at once (default 4, the SMTP pool's connections): different applications' mails
   * go out side by side, one application's in order.
   */
  concurrency?: number;
}

/**
 * Sends what the outbox holds. Each message is marked sent right after the SMTP server accepted it; a
 * failure is retried with exponential backoff. Only the instance holding the mailbox lock runs a sender,
 * so two senders never race; a crash between the server's acceptance and `markSent` re-sends the same
 * mail with the same Message-ID, which receiving clients show once.
 */
export class OutboxSender {
  readonly #o: Required<Omit<OutboxSenderOptions, 'clock' | 'fromName'>> & {
    clock: () => Date;
    fromName?: string;
  };
  #running: Promise<void> | undefined;
  #again = false;

  constructor(options: OutboxSenderOptions) {
    this.#o = {
      baseDelayMs: 5_000,
      maxDelayMs: 3_600_000,
      maxAttempts: 12,
      concurrency: 4,
      clock: () => new Date(),
      ...options,
    };
  }

  /** Sends every due message; concurrent calls coalesce into one more pass. */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#pass();
      } while (this.#again);
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pass(): Promise<void> {
    const due = await this.#o.state.dueOutbox(this.#o.clock().getTime());
    // One queue per application (its mails stay in order), up to `concurrency` queues at a time.
    const queues = new Map<string, typeof due>();
    for (const m of due) {
      const key = m.applicationId ?? m.id;
      const queue = queues.get(key);
      if (queue) queue.push(m);
      else queues.set(key, [m]);
    }
    const pending = [...queues.values()];
    const worker = async () => {
      for (let q = pending.shift(); q; q = pending.shift()) for (const m of q) await this.#send(m);
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(this.#o.concurrency, pending.length)) }, worker),
    );
  }

  async #send(m: Awaited<ReturnType<MailStateStore['dueOutbox']>>[number]): Promise<void> {
    const { state, logger } = this.#o;
    try {
      await this.#o.transport.sendMail({
        from: this.#o.fromName ? { name: this.#o.fromName, address: this.#o.from } : this.#o.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
        references: m.references,
        // RFC 3834 §5: our mails are automatic, so well-behaved auto-responders do not answer them.
        headers: {
          'Auto-Submitted': m.autoSubmitted ?? 'auto-replied',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      await state.markSent(m.id, this.#o.clock().toISOString());
      metrics().repliesDelivered.inc({ channel: 'email' });
      const corr = m.corr ? { corr: m.corr } : {};
      logger.info({ outboxId: m.id, applicationId: m.applicationId, ...corr }, 'mail sent');
    } catch (err) {
      const e = err as { code?: string; responseCode?: number };
      const code = e.responseCode ? `smtp_${e.responseCode}` : (e.code ?? 'send_failed');
      const permanent = (e.responseCode ?? 0) >= 500 && (e.responseCode ?? 0) < 600;
      const attempts = m.attempts + 1;
      const next =
        permanent || attempts >= this.#o.maxAttempts
          ? undefined
          : this.#o.clock().getTime() +
            Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempts - 1));
      await state.markFailed(m.id, code, next);
      metrics().repliesFailed.inc({ channel: 'email', reason: next === undefined ? 'drop' : 'retry' });
      logger.warn(
        {
          outboxId: m.id,
          errorCode: code,
          attempts,
          gaveUp: next === undefined,
          ...(m.corr ? { corr: m.corr } : {}),
        },
        'mail not sent',
      );
    }
  }
}

export function newOwnerId(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}
