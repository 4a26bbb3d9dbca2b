import { describeMail } from '../mail/describe-mail.js';
import { parseMessage } from '../mail/parse-message.js';
import type { CliCommand } from './io.js';

const USAGE = 'Usage: evssl-bot parse-mail FILE|-   (a raw .eml message; - reads standard input)';

/**
 * `evssl-bot parse-mail FILE|-`: prints `{kind, from, subject, messageId, inReplyTo, references,
 * replyText, fields, attachments}` (public contract). Exit 0, or 2 on a usage mistake, an unreadable
 * file or a message the parser cannot read (then `{ok:false,error:{code,message}}` on stdout).
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
  let described: ReturnType<typeof describeMail>;
  try {
    described = describeMail(await parseMessage(raw));
  } catch (err) {
    // The parser's limits (too many MIME parts, a header block over its maximum) or any other failure:
    // named by its code, never echoing the mail, and exit 2 as for any input that is not a mail we read.
    const code = String((err as { code?: unknown }).code ?? (err instanceof Error ? err.name : 'error'));
    const message = `This message cannot be parsed (${code}): too many MIME parts, oversized headers, or not a MIME message.`;
    io.out(JSON.stringify({ ok: false, error: { code: 'mail_unparseable', message } }));
    return 2;
  }
  io.out(JSON.stringify(described));
  return 0;
};
