import { z } from 'zod';
import { ConfigError, type ConfigSection, optionalString, optionalUrl } from './section.js';

/**
 * OAuth2 with a refresh token (RFC 6749 §6): the bot gets its own short-lived access tokens from the
 * provider's token endpoint, for IMAP and SMTP alike (src/mail/oauth-token.ts).
 */
export interface MailOAuthSettings {
  /** The token endpoint, e.g. https://oauth2.googleapis.com/token. */
  tokenUrl: string;
  clientId: string;
  /** Unset for a public client (no secret). */
  clientSecret?: string;
  /** Unset only with the client-credentials grant. */
  refreshToken?: string;
  /** Space-separated scopes asked for on each refresh (Microsoft needs them). */
  scope?: string;
  /**
   * MAIL_OAUTH_GRANT=client_credentials: the app's own identity (RFC 6749 §4.4, Microsoft 365's
   * application access to IMAP/SMTP), no refresh token; scope default https://outlook.office365.com/.default.
   */
  grant?: 'client_credentials';
}

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
  /** OAuth2 refreshed by the bot, for IMAP and SMTP (instead of passwords and static access tokens). */
  oauth?: MailOAuthSettings;
  mailbox: string;
  /** The bot's own address: From of every mail it sends. */
  from?: string;
  /** MAIL_FROM_NAME: the display name of From (unset: `EV SSL Bot`). */
  fromName?: string;
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
  /** Mail that cannot be handled (refused by the parser, or failing `quarantineAfter` times) goes here. */
  quarantineFolder: string;
  /** Failures of one mail, the same way, before it is quarantined. */
  quarantineAfter: number;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const OAUTH_VARS = [
  'MAIL_OAUTH_TOKEN_URL',
  'MAIL_OAUTH_CLIENT_ID',
  'MAIL_OAUTH_CLIENT_SECRET',
  'MAIL_OAUTH_REFRESH_TOKEN',
  'MAIL_OAUTH_SCOPE',
  'MAIL_OAUTH_GRANT',
] as const;
const OAUTH_REQUIRED = ['MAIL_OAUTH_TOKEN_URL', 'MAIL_OAUTH_CLIENT_ID', 'MAIL_OAUTH_REFRESH_TOKEN'] as const;
const CLIENT_CREDENTIALS_REQUIRED = [
  'MAIL_OAUTH_TOKEN_URL',
  'MAIL_OAUTH_CLIENT_ID',
  'MAIL_OAUTH_CLIENT_SECRET',
] as const;
/** Microsoft 365: IMAP and SMTP for an app registration with the client-credentials grant. */
export const CLIENT_CREDENTIALS_SCOPE = 'https://outlook.office365.com/.default';
const TOKEN_URL_EXAMPLE =
  'https://oauth2.googleapis.com/token or https://login.microsoftonline.com/TENANT/oauth2/v2.0/token';

/** https, or http to this machine only (a local proxy, tests): the request carries the refresh token. */
const tokenUrl = () =>
  optionalString().refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const url = new URL(v);
        if (url.protocol === 'https:') return true;
        return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      } catch {
        return false;
      }
    },
    {
      message:
        'must be the https:// URL of the OAuth2 token endpoint (http:// only to 127.0.0.1 or localhost)',
    },
  );

/** The email channel and CA-mail recognition. */
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
    MAIL_FROM_NAME: z
      .string()
      .trim()
      .max(64)
      .refine((v) => !/[\r\n<>"@]/.test(v), {
        message: 'must be a plain name (no line breaks, <, >, " or @)',
      })
      .optional(),
    MAIL_ALLOWED_DOMAINS: z.string().trim().default(''),
    MAIL_MAX_BYTES: positiveInt(20 * 1024 * 1024),
    MAIL_MAX_ATTACHMENT_BYTES: positiveInt(10 * 1024 * 1024),
    MAIL_REQUIRE_AUTH: z.enum(['true', 'false']).default('true'),
    MAIL_POLL_SECONDS: positiveInt(60),
    MAIL_DONE_FOLDER: optionalString(),
    MAIL_QUARANTINE_FOLDER: z.string().trim().min(1).default('Quarantine'),
    MAIL_QUARANTINE_AFTER: positiveInt(5),
    MAIL_OAUTH_TOKEN_URL: tokenUrl(),
    MAIL_OAUTH_CLIENT_ID: optionalString(),
    MAIL_OAUTH_CLIENT_SECRET: optionalString(),
    MAIL_OAUTH_REFRESH_TOKEN: optionalString(),
    MAIL_OAUTH_SCOPE: optionalString(),
    MAIL_OAUTH_GRANT: z.enum(['refresh_token', 'client_credentials']).optional(),
  },
  fixes: {
    SMTP_URL: 'set SMTP_URL=smtps://USER:PASSWORD@HOST:465 (or smtp://…:587 for STARTTLS), or unset it',
    IMAP_URL: 'set IMAP_URL=imaps://HOST:993 (or imap://HOST:143), or unset it',
    IMAP_MAILBOX: 'set IMAP_MAILBOX to the folder the bot reads (default INBOX)',
    MAIL_FROM: 'set MAIL_FROM to the bot mailbox address, e.g. evssl-bot@example.co.jp',
    MAIL_FROM_NAME: 'set MAIL_FROM_NAME to the name shown beside the address, e.g. EV SSL申請アシスタント',
    MAIL_MAX_BYTES: 'set MAIL_MAX_BYTES to a size in bytes, e.g. 20971520',
    MAIL_MAX_ATTACHMENT_BYTES: 'set MAIL_MAX_ATTACHMENT_BYTES to a size in bytes, e.g. 10485760',
    MAIL_REQUIRE_AUTH: 'set MAIL_REQUIRE_AUTH to true or false',
    MAIL_POLL_SECONDS: 'set MAIL_POLL_SECONDS to a whole number of seconds, e.g. 60',
    MAIL_OAUTH_GRANT:
      'set MAIL_OAUTH_GRANT to refresh_token (default) or client_credentials (Microsoft 365 app access)',
    MAIL_QUARANTINE_FOLDER:
      'set MAIL_QUARANTINE_FOLDER to an IMAP folder other than IMAP_MAILBOX, e.g. Quarantine (created when missing)',
    MAIL_QUARANTINE_AFTER: 'set MAIL_QUARANTINE_AFTER to a whole number of attempts, e.g. 5',
    MAIL_OAUTH_TOKEN_URL: `set MAIL_OAUTH_TOKEN_URL to the provider's token endpoint, e.g. ${TOKEN_URL_EXAMPLE}`,
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
      ...(e.MAIL_FROM_NAME ? { fromName: String(e.MAIL_FROM_NAME) } : {}),
      quarantineFolder: String(e.MAIL_QUARANTINE_FOLDER),
      quarantineAfter: Number(e.MAIL_QUARANTINE_AFTER),
    };
    if (out.quarantineFolder === out.mailbox) {
      throw new ConfigError([
        'MAIL_QUARANTINE_FOLDER: is the folder the bot reads (IMAP_MAILBOX). Fix: set MAIL_QUARANTINE_FOLDER to another folder, e.g. Quarantine',
      ]);
    }
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
    const oauth = readOAuth(e);
    if (oauth) out.oauth = oauth;
    return out;
  },
};

/**
 * MAIL_OAUTH_*: all of the required ones or none, and never beside the other ways to log in (which of
 * two credentials the bot would use is not something an operator should have to guess). Issues name
 * variables only: values may be secrets.
 */
function readOAuth(e: Record<string, unknown>): MailOAuthSettings | undefined {
  const has = (name: string) => e[name] !== undefined;
  const given = OAUTH_VARS.filter(has);
  if (given.length === 0) return undefined;
  const issues: string[] = [];
  const clientCredentials = e.MAIL_OAUTH_GRANT === 'client_credentials';
  const required = clientCredentials ? CLIENT_CREDENTIALS_REQUIRED : OAUTH_REQUIRED;
  for (const name of required.filter((n) => !has(n))) {
    issues.push(
      `${name}: required with ${given.join(', ')}. Fix: set ${name} (${required.join(', ')} go together), or unset every MAIL_OAUTH_* variable`,
    );
  }
  if (clientCredentials && has('MAIL_OAUTH_REFRESH_TOKEN')) {
    issues.push(
      'MAIL_OAUTH_REFRESH_TOKEN: not used with MAIL_OAUTH_GRANT=client_credentials (the app signs in as itself). Fix: unset MAIL_OAUTH_REFRESH_TOKEN, or MAIL_OAUTH_GRANT',
    );
  }
  for (const name of ['IMAP_ACCESS_TOKEN', 'SMTP_ACCESS_TOKEN', 'IMAP_PASSWORD'].filter(has)) {
    issues.push(
      `${name}: cannot be combined with MAIL_OAUTH_* (the bot gets its own access tokens). Fix: unset ${name}, or unset every MAIL_OAUTH_* variable`,
    );
  }
  const url = (name: string) => (URL.canParse(String(e[name])) ? new URL(String(e[name])) : undefined);
  for (const name of ['IMAP_URL', 'SMTP_URL'].filter(has)) {
    const u = url(name);
    if (u?.password) {
      issues.push(
        `${name}: has a password, which cannot be combined with MAIL_OAUTH_*. Fix: remove the password from ${name} (keep the user, e.g. ${u.protocol}//bot%40example.co.jp@${u.host})`,
      );
    }
  }
  if (has('SMTP_URL') && !url('SMTP_URL')?.username) {
    issues.push(
      'SMTP_URL: OAuth2 needs the mailbox user. Fix: put it in the URL, e.g. smtp://bot%40example.co.jp@smtp.office365.com:587',
    );
  }
  if (has('IMAP_URL') && !has('IMAP_USER') && !url('IMAP_URL')?.username) {
    issues.push('IMAP_USER: OAuth2 needs the mailbox user. Fix: set IMAP_USER=bot@example.co.jp');
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const s = (name: string) => (has(name) ? String(e[name]) : undefined);
  const clientSecret = s('MAIL_OAUTH_CLIENT_SECRET');
  const scope = s('MAIL_OAUTH_SCOPE') ?? (clientCredentials ? CLIENT_CREDENTIALS_SCOPE : undefined);
  return {
    tokenUrl: String(e.MAIL_OAUTH_TOKEN_URL),
    clientId: String(e.MAIL_OAUTH_CLIENT_ID),
    ...(clientCredentials
      ? { grant: 'client_credentials' as const }
      : { refreshToken: String(e.MAIL_OAUTH_REFRESH_TOKEN) }),
    ...(clientSecret ? { clientSecret } : {}),
    ...(scope ? { scope } : {}),
  };
}
