import { runTurn } from '../conversation/run-turn.js';
import { fill } from '../flow/catalogue.js';
import type { Inbound } from '../flow/engine.js';
import { currentQuestion } from '../flow/progress.js';
import type { Reply } from '../flow/replies.js';
import { guessLang, parseFlow } from '../flow/start.js';
import type { Lang } from '../flow/types.js';
import { answerInThread } from './answer-in-thread.js';
import { judgeMail } from './auth-results.js';
import { classifyMail } from './classify-mail.js';
import { extractReply } from './extract-reply.js';
import { findApplication, rootKey } from './find-application.js';
import { mailCommand, runMailCommand } from './mail-command.js';
import type { MailHandlerDeps, MailOutcome } from './mail-handler.js';
import { outboxId } from './outbox.js';
import { type ParsedMail, withMessageId } from './parse-message.js';
import { RECOGNISERS, recogniseMail } from './recognisers.js';
import { answerText, attachmentNotes, replyEvent } from './reply-event.js';

/**
 * One inbound mail: recognisers first (CA mails), then noise (auto-replies, bounces, our own mail,
 * forged senders) is dropped without an answer, reminder commands go to the reminders, the application
 * is found by thread or subject, and the reply runs one turn; the answer goes to the outbox in the same
 * thread.
 */
export async function handleMail(deps: MailHandlerDeps, parsed: ParsedMail): Promise<MailOutcome> {
  const { logger } = deps.services;
  // A mail without a Message-ID gets a stable one: answered once, applied once.
  const mail = withMessageId(parsed);
  const sender = mail.from?.address;
  const ignore = (reason: string): MailOutcome => {
    // Only the sender's domain is logged: addresses are personal data.
    logger.info({ reason, senderDomain: sender?.split('@')[1] }, 'mail ignored');
    return { action: 'ignored', reason };
  };
  if (!sender) return ignore('no-sender');
  if (sender === deps.from.toLowerCase()) return ignore('own-mail');

  // The one place a recogniser (CloudSecure / Sectigo mails) claims a mail before it is read as an
  // applicant's reply; what is done with it is `onRecognised`'s (the CA-mail router).
  const recognised = recogniseMail(mail, deps.recognisers ?? RECOGNISERS);
  if (recognised) {
    const { recogniser, ...recognition } = recognised;
    await deps.onRecognised?.(mail, recognition);
    logger.info({ kind: recognition.kind, recogniser: recogniser.name }, 'mail recognised');
    return { action: 'claimed', kind: recognised.kind };
  }

  const cls = classifyMail(mail, { botAddresses: [deps.from] });
  if (cls.kind !== 'applicant-reply') return ignore(cls.reason);

  // A forged sender is trusted for nothing. A CA mail was judged by its recogniser above (a forged one
  // is reported to its applicant as suspicious); an applicant's mail that fails is not applied, and the
  // member whose address it bears is told so instead of hearing nothing.
  const auth = judgeMail(mail);
  if (auth.verdict === 'fail' && deps.requireAuth) return refuseUnverified(deps, mail, auth.reason, ignore);

  // Reminder and `certs` commands go to the reminders, never to an application's flow.
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
    ? replyEvent(replyText, stored ? { app: stored.app } : {})
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
      // "更新" in an issued or cancelled application's thread starts the next one, as in Slack.
      restartClosed: true,
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

const UNVERIFIED = {
  ja: 'このメール（件名「{subject}」）は、受信サーバーでの送信元の認証に失敗したため（{reason}）、申請には反映していません。ご自身で送ったメールであれば、お使いのメールサーバーの SPF / DKIM / DMARC の設定をご確認のうえ、もう一度返信してください。お送りになった覚えがない場合は、あなたのアドレスを騙ったなりすましの可能性があります。',
  en: 'This mail (subject "{subject}") failed the receiving server’s sender authentication ({reason}), so it was not applied to the application. If you sent it, check your mail server’s SPF / DKIM / DMARC setup and reply again. If you did not, someone may be sending mail in your name.',
};

/**
 * An applicant's mail that failed authentication: nothing is applied. When it belongs to an application
 * and bears a member's address, that member is told in the thread (the real owner of the address: a
 * forger never sees the answer); to anyone else, nothing (no backscatter).
 */
async function refuseUnverified(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  reason: string,
  ignore: (reason: string) => MailOutcome,
): Promise<MailOutcome> {
  const sender = mail.from!.address;
  const found = await findApplication(deps.services.store, mail);
  const stored = found ? await deps.services.store.load(found.applicationId) : null;
  const outcome = ignore(`auth-${reason}`) as Extract<MailOutcome, { action: 'ignored' }>;
  if (!stored?.app.members.some((m) => m.channel === 'email' && m.id.toLowerCase() === sender))
    return outcome;
  const lang = stored.app.lang;
  const text = fill(UNVERIFIED, lang, { subject: mail.subject.slice(0, 80), reason });
  const answered = await answerInThread(deps, mail, {
    applicationId: stored.app.id,
    to: [sender],
    replies: [{ type: 'text', tone: 'error', text }],
    lang,
    notes: [],
  });
  return answered.action === 'answered' ? { ...outcome, noticeId: answered.outboxId } : outcome;
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
