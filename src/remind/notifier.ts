import { WebClient } from '@slack/web-api';
import nodemailer, { type Transporter } from 'nodemailer';

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
}

/** A delivery the configuration cannot make (no token, no SMTP): the job fails with an operator hint. */
export class NotConfiguredError extends Error {
  readonly code = 'remind_channel_not_configured';
  constructor(readonly hint: string) {
    super(`reminder channel not configured: ${hint}`);
    this.name = 'NotConfiguredError';
  }
}

/** The real notifier: Slack's Web API (chat.postMessage) and SMTP through nodemailer's pool. */
export function createNotifier(options: NotifierOptions): ReminderNotifier {
  const slack = options.slackToken
    ? new WebClient(options.slackToken, {
        ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
        // BullMQ retries the job with backoff; the client must not hold a worker slot retrying itself.
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      })
    : undefined;
  const mail =
    options.mailTransport ??
    (options.smtpUrl
      ? nodemailer.createTransport(`${options.smtpUrl}${poolQuery(options.smtpUrl)}`)
      : undefined);
  return {
    async slack(channelId, message) {
      if (!slack) throw new NotConfiguredError('set REMIND_SLACK_TOKEN to post reminders to Slack');
      await slack.chat.postMessage({ channel: channelId, text: message, unfurl_links: false });
    },
    async email(addresses, subject, text) {
      if (!mail) throw new NotConfiguredError('set SMTP_URL (or REMIND_SMTP_URL) to email reminders');
      if (!options.from) throw new NotConfiguredError('set MAIL_FROM (or REMIND_FROM) to email reminders');
      await mail.sendMail({ from: options.from, to: addresses, subject, text });
    },
    async close() {
      mail?.close();
    },
  };
}

/** Pooled SMTP connections: thousands of reminders must not open a connection each. */
function poolQuery(url: string): string {
  return /[?&]pool=/.test(url) ? '' : `${url.includes('?') ? '&' : '?'}pool=true&maxConnections=5`;
}
