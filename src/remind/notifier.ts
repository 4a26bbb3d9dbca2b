import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Transporter } from 'nodemailer';
import { CodedError } from '../errors.js';

/**
 * How reminders leave the bot. Deliberately not promised: delivery if the process dies between claiming a
 * reminder and sending it (the claim stays, so that one threshold is skipped rather than ever sent twice;
 * the next threshold still comes), or any order between Slack and email.
 */
export interface ReminderNotifier {
  slack(channelId: string, message: string): Promise<void>;
  email(addresses: string[], subject: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export interface NotifierOptions {
  slackToken?: string;
  slackApiUrl?: string;
  smtpUrl?: string;
  /** A ready transport instead of `smtpUrl` (OAuth2: see start-reminders.ts); closed with the notifier. */
  mailTransport?: Transporter;
  from?: string;
  /**
   * Longest a Slack call may take (default 30 s). The Web API client has no timeout of its own: a server
   * that accepts the connection and never answers held a reminder worker slot forever.
   */
  slackTimeoutMs?: number;
}

/** A delivery the configuration cannot make (no token, no SMTP): the job fails with an operator hint. */
export class NotConfiguredError extends CodedError {
  constructor(hint: string) {
    super('remind_channel_not_configured', `reminder channel not configured: ${hint}`, { hint });
  }
}

/**
 * The real notifier: Slack's Web API (chat.postMessage) and SMTP through nodemailer's pool. Each client
 * is created at its first send (its library imported then): a bot that never sends a reminder, or sends
 * only one kind, does not load the other at start.
 */
export function createNotifier(options: NotifierOptions): ReminderNotifier {
  const { slackToken, smtpUrl } = options;
  let slack: Promise<WebClient> | undefined;
  const slackClient = (token: string) => {
    slack ??= Promise.all([import('@slack/web-api'), import('../bot/lean-fetch.js')]).then(
      ([{ WebClient }, { leanFetch }]) =>
        new WebClient(token, {
          ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
          // The schedule retries the job with backoff; the client must not hold a worker slot retrying itself.
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
          timeout: options.slackTimeoutMs ?? 30_000,
          // The bot's own keep-alive fetch (as its replies use): WHATWG fetch cost more CPU than the
          // rest of a reminder's delivery (bench:reminders); its deadline is the same timeout.
          fetch: leanFetch({ timeoutMs: options.slackTimeoutMs ?? 30_000 }),
        }),
    );
    return slack;
  };
  let mail: Promise<Transporter> | undefined = options.mailTransport
    ? Promise.resolve(options.mailTransport)
    : undefined;
  const mailTransport = (url: string) => {
    mail ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(`${url}${poolQuery(url)}`),
    );
    return mail;
  };
  return {
    async slack(channelId, message) {
      if (!slackToken) throw new NotConfiguredError('set REMIND_SLACK_TOKEN to post reminders to Slack');
      const client = await slackClient(slackToken);
      await client.chat.postMessage({ channel: channelId, text: message, unfurl_links: false });
    },
    async email(addresses, subject, text) {
      if (!options.mailTransport && !smtpUrl)
        throw new NotConfiguredError('set SMTP_URL (or REMIND_SMTP_URL) to email reminders');
      if (!options.from) throw new NotConfiguredError('set MAIL_FROM (or REMIND_FROM) to email reminders');
      const transport = await (mail ?? mailTransport(smtpUrl!));
      // Our own Message-ID: nodemailer's draws five random byte strings synchronously per message, a
      // twentieth of a reminder's CPU at 1,000 a second (bench:reminders); randomUUID draws from a pool.
      const messageId = `<${randomUUID()}@${domainOf(options.from)}>`;
      await transport.sendMail({ from: options.from, to: addresses, subject, text, messageId });
    },
    async close() {
      (await mail)?.close();
    },
  };
}

/** The domain of a From address ("Bot <bot@example.jp>" → example.jp), for the Message-ID. */
function domainOf(from: string): string {
  return /@([^\s>]+)/.exec(from)?.[1] ?? 'localhost';
}

/** Pooled SMTP connections: thousands of reminders must not open a connection each. */
function poolQuery(url: string): string {
  return /[?&]pool=/.test(url) ? '' : `${url.includes('?') ? '&' : '?'}pool=true&maxConnections=5`;
}
