import { z } from 'zod';
import { type ConfigSection, optionalString, optionalUrl } from './section.js';

export interface MailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; unset: no email channel. */
  smtpUrl?: string;
  /** `imap://user:pass@host:143` or `imaps://…:993` (user and password may come from IMAP_USER/IMAP_PASSWORD). */
  imapUrl?: string;
  imapUser?: string;
  imapPassword?: string;
  /** An OAuth2 access token instead of a password (Gmail, Microsoft 365). */
  imapAccessToken?: string;
  /** An OAuth2 access token for SMTP (XOAUTH2); the user is the one in SMTP_URL. */
  smtpAccessToken?: string;
  mailbox: string;
  /** The bot's own address: From of every mail it sends. */
  from?: string;
  /** Domains whose senders may start a new application by email (lower case). */
  allowedDomains: string[];
  /** Mail larger than this is refused politely, never loaded. */
  maxBytes: number;
  /** An attachment larger than this is not kept (its name and size are still reported). */
  maxAttachmentBytes: number;
  /** Authentication-Results failures (dmarc/dkim/spf=fail) make a mail untrusted. */
  requireAuth: boolean;
  pollSeconds: number;
  /** Processed mail is moved here; unset: it is flagged `\Seen` and `$EvsslProcessed` and left in place. */
  doneFolder?: string;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The email channel (issue 5) and CA-mail recognition (issue 6). */
export const mailSection: ConfigSection<MailSettings> = {
  shape: {
    SMTP_URL: optionalUrl(
      ['smtp:', 'smtps:'],
      'smtps://bot%40example.co.jp:APP_PASSWORD@smtp.example.co.jp:465',
    ),
    IMAP_URL: optionalUrl(['imap:', 'imaps:'], 'imaps://imap.example.co.jp:993'),
    IMAP_USER: optionalString(),
    IMAP_PASSWORD: optionalString(),
    IMAP_ACCESS_TOKEN: optionalString(),
    SMTP_ACCESS_TOKEN: optionalString(),
    IMAP_MAILBOX: z.string().trim().min(1).default('INBOX'),
    MAIL_FROM: optionalString().refine((v) => v === undefined || /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(v), {
      message: 'must be a bare email address',
    }),
    MAIL_ALLOWED_DOMAINS: z.string().trim().default(''),
    MAIL_MAX_BYTES: positiveInt(20 * 1024 * 1024),
    MAIL_MAX_ATTACHMENT_BYTES: positiveInt(10 * 1024 * 1024),
    MAIL_REQUIRE_AUTH: z.enum(['true', 'false']).default('true'),
    MAIL_POLL_SECONDS: positiveInt(60),
    MAIL_DONE_FOLDER: optionalString(),
  },
  fixes: {
    SMTP_URL: 'set SMTP_URL=smtps://USER:PASSWORD@HOST:465 (or smtp://…:587 for STARTTLS), or unset it',
    IMAP_URL: 'set IMAP_URL=imaps://HOST:993 (or imap://HOST:143), or unset it',
    IMAP_MAILBOX: 'set IMAP_MAILBOX to the folder the bot reads (default INBOX)',
    MAIL_FROM: 'set MAIL_FROM to the bot mailbox address, e.g. evssl-bot@example.co.jp',
    MAIL_MAX_BYTES: 'set MAIL_MAX_BYTES to a size in bytes, e.g. 20971520',
    MAIL_MAX_ATTACHMENT_BYTES: 'set MAIL_MAX_ATTACHMENT_BYTES to a size in bytes, e.g. 10485760',
    MAIL_REQUIRE_AUTH: 'set MAIL_REQUIRE_AUTH to true or false',
    MAIL_POLL_SECONDS: 'set MAIL_POLL_SECONDS to a whole number of seconds, e.g. 60',
  },
  read: (e) => {
    const s = (k: string) => (e[k] === undefined ? undefined : String(e[k]));
    const out: MailSettings = {
      mailbox: String(e.IMAP_MAILBOX),
      allowedDomains: String(e.MAIL_ALLOWED_DOMAINS)
        .split(/[\s,]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
      maxBytes: Number(e.MAIL_MAX_BYTES),
      maxAttachmentBytes: Number(e.MAIL_MAX_ATTACHMENT_BYTES),
      requireAuth: e.MAIL_REQUIRE_AUTH !== 'false',
      pollSeconds: Number(e.MAIL_POLL_SECONDS),
    };
    const optional: Array<[keyof MailSettings, string]> = [
      ['smtpUrl', 'SMTP_URL'],
      ['imapUrl', 'IMAP_URL'],
      ['imapUser', 'IMAP_USER'],
      ['imapPassword', 'IMAP_PASSWORD'],
      ['imapAccessToken', 'IMAP_ACCESS_TOKEN'],
      ['smtpAccessToken', 'SMTP_ACCESS_TOKEN'],
      ['from', 'MAIL_FROM'],
      ['doneFolder', 'MAIL_DONE_FOLDER'],
    ];
    for (const [key, name] of optional) {
      const v = s(name);
      if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
    }
    return out;
  },
};
