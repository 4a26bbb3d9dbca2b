import { guessLang } from '../flow/start.js';
import {
  type ChannelCommand,
  type CommandPlace,
  parseChannelCommand,
  runChannelCommand,
} from '../remind/channel-command.js';
import type { Team } from '../remind/types.js';
import { answerInThread } from './answer-in-thread.js';
import { extractReply } from './extract-reply.js';
import type { MailHandlerDeps, MailOutcome } from './mail-handler.js';
import { outboxId } from './outbox.js';
import type { ParsedMail } from './parse-message.js';

/**
 * The command a mail carries: its reply text's first line (`snooze c… 7`, `ack c…`, `certs add …`),
 * else its subject without `Re:`/`Fwd:` (a new mail titled `certs add www.example.co.jp 2027-04-19`).
 */
export function mailCommand(mail: ParsedMail): ChannelCommand | undefined {
  const first = extractReply(mail)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  const subject = mail.subject.replace(/^(?:(?:re|fwd?|fw|aw|返信|転送)\s*[:：]\s*)+/i, '');
  return (first ? parseChannelCommand(first) : undefined) ?? parseChannelCommand(subject);
}

/** An email team: the sender's domain, its reminders to the addresses on it. */
function mailTeam(sender: string, lang: Team['lang']): Team {
  return { id: `mail-${sender.split('@')[1] ?? ''}`, lang, emails: [sender] };
}

/**
 * Runs a reminder or `certs` command from `sender` and answers in the mail's thread; the flow engine
 * never sees it. `certs` commands need an allowed sender domain and file under the sender's
 * domain team (the sender is added to its addresses); a reminder command may act on a certificate whose
 * team mails the sender (or the sender's domain team's). Someone else gets no answer at all.
 */
export async function runMailCommand(
  deps: MailHandlerDeps,
  mail: ParsedMail,
  cmd: ChannelCommand,
  from: string,
  ignore: (reason: string) => MailOutcome,
): Promise<MailOutcome> {
  const sender = from.toLowerCase();
  const domain = sender.split('@')[1] ?? '';
  const allowed = deps.allowedDomains.includes(domain);
  if (cmd.type.startsWith('certs') && !allowed) return ignore('unknown-sender');
  if (!mail.messageId) return ignore('no-message-id');
  if (await deps.state.getOutbox(outboxId(`reply:${mail.messageId}`))) return { action: 'duplicate' };
  const lang = guessLang(`${mail.subject}\n${extractReply(mail)}`, 'ja');
  const reminders = deps.services.reminders;
  const team = mailTeam(sender, lang);
  if (reminders && cmd.type === 'certs-add') {
    const current = await reminders.service.deps.registry.getTeam(team.id);
    if (current && !current.emails.includes(sender)) {
      await reminders.service.deps.registry.putTeam({ ...current, emails: [...current.emails, sender] });
    }
  }
  const place: CommandPlace = {
    team,
    lang,
    mayAct: (owner) =>
      owner !== null &&
      (owner.id === team.id || owner.emails.includes(sender) || owner.escalation === sender),
  };
  const answer = await runChannelCommand(reminders, cmd, place);
  // A stranger learns nothing (not even whether an id exists): answered only when something changed.
  if (!allowed && !answer.changed) return ignore('not-a-member');
  deps.services.logger.info({ command: cmd.type, changed: answer.changed }, 'reminder command');
  return answerInThread(deps, mail, {
    applicationId: undefined,
    to: [sender],
    replies: [{ type: 'text', text: answer.text }],
    lang,
    notes: [],
  });
}
