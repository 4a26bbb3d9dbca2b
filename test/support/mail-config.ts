import { readConfig } from '../../src/config/config.js';
import type { MailChannelOptions } from '../../src/mail/mail-channel.js';
import type { DovecotServer } from './dovecot.js';
import type { SmtpCapture } from './smtp.js';

/**
 * The configuration of a mail channel reading the bot's Dovecot mailbox and sending through `smtp`, read
 * by the real config module from these variables (MAIL_FROM defaults to bot@example.test), and the
 * settings createMailChannel takes.
 */
export function mailConfig(
  dovecot: DovecotServer,
  smtp: Pick<SmtpCapture, 'url'>,
  env: Record<string, string> = {},
): { config: ReturnType<typeof readConfig>; settings: MailChannelOptions['settings'] } {
  const config = readConfig({
    SMTP_URL: smtp.url,
    IMAP_URL: `imap://${encodeURIComponent(dovecot.bot.user)}:${dovecot.bot.pass}@127.0.0.1:${dovecot.imapPort}`,
    MAIL_FROM: 'bot@example.test',
    ...env,
  });
  const { smtpUrl, imapUrl, from } = config.mail;
  return { config, settings: { ...config.mail, smtpUrl: smtpUrl!, imapUrl: imapUrl!, from: from! } };
}
