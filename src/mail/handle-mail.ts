import { runTurn, type TurnServices } from '../conversation/run-turn.js';
import type { Inbound } from '../flow/engine.js';
import { currentQuestion } from '../flow/progress.js';
import type { Reply } from '../flow/replies.js';
import { guessLang, parseFlow } from '../flow/start.js';
import type { Lang } from '../flow/types.js';
import { answerInThread } from './answer-in-thread.js';
import { authFailure } from './auth-results.js';
import { classifyMail } from './classify-mail.js';
import { extractReply } from './extract-reply.js';
import { findApplication, rootKey } from './find-application.js';
import { mailCommand, runMailCommand } from './mail-command.js';
import type { MailStateStore } from './mail-state-store.js';
import { outboxId } from './outbox.js';
import type { ParsedMail } from './parse-message.js';
import { type MailRecogniser, type MailRecognition, RECOGNISERS, recogniseMail } from './recognisers.js';
import { answerText, attachmentNotes, replyEvent } from './reply-event.js';

export interface MailHandlerDeps {
  services: TurnServices;
  state: MailStateStore;
  /** The bot's own address (From of its mails). */
  from: string;
  allowedDomains: string[];
  requireAuth: boolean;
  maxAttachmentBytes: number;
  recognisers?: readonly MailRecogniser[];
  /** A recogniser claimed the mail (a CA mail, issue 6): it is not treated as an applicant's reply. */
  onRecognised?: (mail: ParsedMail, recognition: MailRecognition) => Promise<void>;
  /** Called after mail was queued, so the sender can go right away. */
  onQueued?: () => void;
}

export type MailOutcome =
  | { action: 'answered'; applicationId?: string; outboxId: string }
  | { action: 'claimed'; kind: string }
  | { action: 'ignored'; reason: string }
  | { action: 'duplicate' };

/**
 * One inbound mail: recognisers first (CA mails), then noise (auto-replies, bounces, our own mail,
 * forged senders) is dropped without an answer, reminder commands go to the reminders, the application
 * is found by thread or subject, and the reply runs one turn; the answer goes to the outbox in the same
 * thread.
 */
export async function handleMail(deps: MailHandlerDeps, mail: ParsedMail): Promise<MailOutcome> {
  const { logger } = deps.services;
  const sender = mail.from?.address;
  const ignore = (reason: string): MailOutcome => {
    // Only the sender's domain is logged: addresses are personal data.
    logger.info({ reason, senderDomain: sender?.split('@')[1] }, 'mail ignored');
    return { action: 'ignored', reason };
  };
  if (!sender) return ignore('no-sender');
  if (sender === deps.from.toLowerCase()) return ignore('own-mail');

  // A forged sender is trusted for nothing, a CA mail (codes, URLs) least of all.
  const failure = authFailure(mail);
  if (failure && deps.requireAuth) return ignore(`auth-${failure}`);

  // The one place a recogniser (issue 6: CloudSecure / Sectigo mails) claims a mail before it is read
  // as an applicant's reply.
  const recognised = recogniseMail(mail, deps.recognisers ?? RECOGNISERS);
  if (recognised) {
    const { recogniser, ...recognition } = recognised;
    if (deps.onRecognised) await deps.onRecognised(mail, recognition);
    else
      await recogniser.apply?.(mail, recognition, {
        services: deps.services,
        answer: async (applicationId, replies, lang) => {
          const thread = await deps.state.getThread(applicationId);
          if (thread)
            await answerInThread(deps, mail, { applicationId, to: thread.to, replies, lang, notes: [] });
        },
      });
    logger.info({ kind: recognition.kind, recogniser: recogniser.name }, 'mail recognised');
    return { action: 'claimed', kind: recognised.kind };
  }

  const cls = classifyMail(mail, { botAddresses: [deps.from] });
  if (cls.kind !== 'applicant-reply') return ignore(cls.reason);

  // Reminder and `certs` commands (issue 8) go to the reminders, never to an application's flow.
  const command = mailCommand(mail);
  if (command) return runMailCommand(deps, mail, command, sender, ignore);

  const found = await findApplication(deps.services.store, mail);
  const domain = sender.split('@')[1] ?? '';
  const allowed = deps.allowedDomains.includes(domain);
  if (!found && !allowed) return ignore('unknown-sender');
  const conversation = found?.conversation ?? rootKey(mail);
  if (!conversation || !mail.messageId) return ignore('no-message-id');

  const replyText = extractReply(mail);
  const stored = found ? await deps.services.store.load(found.applicationId) : null;
  const lang: Lang = stored?.app.lang ?? guessLang(`${mail.subject}\n${replyText}`, 'ja');
  const atDocuments = stored ? currentQuestion(stored.app)?.id === 'wait.documents' : false;
  const notes = attachmentNotes(mail.attachments, { atDocuments, maxBytes: deps.maxAttachmentBytes, lang });

  const event: Inbound = found
    ? replyEvent(replyText)
    : { type: 'text', text: flowWord(mail.subject, replyText) };
  let replies: Reply[] = [];
  let applicationId = found?.applicationId;
  if (!(replyText === '' && notes.length > 0)) {
    const actor = { channel: 'email' as const, id: sender };
    let result = await runTurn(deps.services, {
      conversation,
      actor,
      event,
      eventId: `email:${mail.messageId}`,
      lang,
    });
    if (result.status === 'duplicate') {
      if (await deps.state.getOutbox(outboxId(`reply:${mail.messageId}`))) return { action: 'duplicate' };
      // The turn was saved but its answer never reached the outbox (a crash in between): tell the
      // applicant where the application stands instead, so no answer is lost.
      result = await runTurn(deps.services, {
        conversation,
        actor,
        event: { type: 'choice', value: 'intent:status' },
      });
      if (result.status === 'duplicate') return { action: 'duplicate' };
    }
    // Someone not on the application: no answer (the reference in a subject is not a secret).
    if (result.status === 'forbidden') return ignore('not-a-member');
    replies = result.replies;
    applicationId = result.applicationId ?? applicationId;
  }
  return answerInThread(deps, mail, { applicationId, to: [sender], replies, lang, notes });
}

/** The first message of a thread picks the flow (`取得`/`更新`) when it names one, else the bot asks. */
export function flowWord(subject: string, text: string): string {
  const answer = answerText(text);
  if (parseFlow(answer)) return answer;
  const pick = (s: string) =>
    /更新|renew/i.test(s)
      ? 'renew'
      : /取得|新規|acquire|new (application|certificate)|apply/i.test(s)
        ? 'acquire'
        : '';
  // Our own subject (`[EV SSL] 取得申請と更新申請のどちらですか？`) names both: only the sender's counts.
  return pick(text) || (/\[EV SSL/i.test(subject) ? '' : pick(subject));
}
