import { describeMail } from '../mail/describe-mail.js';
import { parseMessage } from '../mail/parse-message.js';
import type { CliCommand } from './io.js';

const USAGE = 'Usage: evssl-bot parse-mail FILE|-   (a raw .eml message; - reads standard input)';

/**
 * `evssl-bot parse-mail FILE|-`: prints `{kind, from, subject, messageId, inReplyTo, references,
 * replyText, fields, attachments}` (public contract). Exit 0, or 2 on a usage mistake or unreadable file.
 */
export const parseMailCommand: CliCommand = async (args, io) => {
  if (args.length !== 1 || args[0]!.startsWith('--')) {
    io.err(USAGE);
    return 2;
  }
  let raw: Buffer;
  try {
    raw = await io.read(args[0]!);
  } catch (err) {
    io.err(`Cannot read ${args[0]}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n${USAGE}`);
    return 2;
  }
  const parsed = await parseMessage(raw);
  io.out(JSON.stringify(describeMail(parsed)));
  return 0;
};
