import type { Transporter } from 'nodemailer';
import type { ChannelStarter } from '../app/channels.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { smtpTransport } from '../mail/mail-channel.js';
import { sharedTokenSource } from '../mail/oauth-token.js';
import { createReminders } from './create-reminders.js';
import { createNotifier } from './notifier.js';
import { attachReminders, onEffects } from './on-effects.js';

/**
 * The reminder "channel": a worker and a due-scan on this instance. Runs only with REDIS_URL (reminders
 * must survive restarts and fire once across instances, which the memory store cannot promise).
 */
export const startReminders: ChannelStarter = async (config, services) => {
  const { remind, redis } = config;
  if (!redis.url || !remind.enabled) return undefined;
  const reminders = createReminders({
    redisUrl: redis.url,
    prefix: redis.prefix,
    store: services.store,
    logger: services.logger,
    defaultTeam: remind.defaultTeam,
    concurrency: remind.concurrency,
    notifier: createNotifier({
      ...(remind.slackToken ? { slackToken: remind.slackToken } : {}),
      ...(remind.slackApiUrl ? { slackApiUrl: remind.slackApiUrl } : {}),
      ...reminderSmtp(config, services.logger),
      ...(remind.from ? { from: remind.from } : {}),
    }),
  });
  // Channels started after this one reach it through remindersOf(services) for onEffects().
  attachReminders(services, reminders);
  // Every committed turn's effects (certificate issued, step entered, application closed) reach them.
  services.onCommitted = (turn) => onEffects(reminders, turn);
  reminders.startWorker();
  reminders.startTicking(remind.tickSeconds);
  return { name: 'reminders', background: true, stop: () => reminders.stop() };
};

/**
 * SMTP for reminder mail. A URL without a password, with MAIL_OAUTH_* (or SMTP_ACCESS_TOKEN) configured,
 * logs in with OAuth2 like the email channel, through the same token source; otherwise the URL as it
 * is, pooled.
 */
export function reminderSmtp(
  config: Config,
  logger: Logger,
): { smtpUrl?: string; mailTransport?: Transporter } {
  const url = config.remind.smtpUrl;
  if (!url) return {};
  const { oauth, smtpAccessToken } = config.mail;
  if (new URL(url).password || (!oauth && !smtpAccessToken)) return { smtpUrl: url };
  const tokens = oauth ? sharedTokenSource(oauth, logger) : undefined;
  return {
    mailTransport: smtpTransport({ smtpUrl: url, ...(smtpAccessToken ? { smtpAccessToken } : {}) }, tokens, {
      maxConnections: 5,
    }),
  };
}
