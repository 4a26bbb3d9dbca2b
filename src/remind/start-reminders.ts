import type { Transporter } from 'nodemailer';
import type { RunningChannel } from '../app/running-channel.js';
import type { AppServices } from '../app/services.js';
import { startSiteWatch } from '../check/start-site-watch.js';
import type { Config } from '../config/config.js';
import type { TurnServices } from '../conversation/run-turn.js';
import type { Logger } from '../log/logger.js';
import { SqliteApplicationStore } from '../store/sqlite-store.js';
import { createNotifier } from './notifier.js';
import { onEffects } from './on-effects.js';
import type { Reminders } from './reminders.js';

/** Running reminders: the worker to stop, and what the composition root hands to every channel. */
export interface StartedReminders extends RunningChannel {
  reminders: Reminders;
  /** Every committed turn's effects (certificate issued, step entered, application closed) reach them. */
  onCommitted: NonNullable<TurnServices['onCommitted']>;
}

/**
 * The reminder worker and due-scan on this instance, started by the composition root before any
 * channel (which then receive them as `services.reminders`). Runs with REDIS_URL (the Redis schedule:
 * several instances, each job once) or on the embedded SQLite store (one process holds the file: each
 * job once there too). Not on the memory store: reminders must survive a restart.
 */
export async function startReminders(
  config: Config,
  services: AppServices,
): Promise<StartedReminders | undefined> {
  const { remind, redis } = config;
  if (!remind.enabled) return undefined;
  const embedded = services.store instanceof SqliteApplicationStore ? services.store : undefined;
  if (!redis.url && !embedded) return undefined;
  const notifier = createNotifier({
    ...(remind.slackToken ? { slackToken: remind.slackToken } : {}),
    ...(remind.slackApiUrl ? { slackApiUrl: remind.slackApiUrl } : {}),
    ...(await reminderSmtp(config, services.logger)),
    ...(remind.from ? { from: remind.from } : {}),
  });
  const common = {
    store: services.store,
    logger: services.logger,
    defaultTeam: remind.defaultTeam,
    concurrency: remind.concurrency,
    notifier,
  };
  // Imported when chosen: ioredis stays unloaded on the embedded store.
  const reminders = redis.url
    ? (await import('./create-reminders.js')).createReminders({
        ...common,
        redisUrl: redis.url,
        prefix: redis.prefix,
      })
    : (await import('./sqlite-reminders.js')).createSqliteReminders({ ...common, store: embedded! });
  reminders.startWorker();
  reminders.startTicking(remind.tickSeconds);
  // Daily: is each tracked certificate what its site serves? (src/check/site-watch.ts)
  const sites = startSiteWatch({
    registry: reminders.registry,
    notifier,
    logger: services.logger,
    days: remind.siteCheckDays,
  });
  const stop = async () => {
    await sites.stop();
    await reminders.stop();
  };
  return {
    name: 'reminders',
    background: true,
    stop,
    reminders,
    onCommitted: (turn) => onEffects(reminders, turn),
  };
}

/**
 * SMTP for reminder mail. A URL without a password, with MAIL_OAUTH_* (or SMTP_ACCESS_TOKEN) configured,
 * logs in with OAuth2 like the email channel, through the same token source; otherwise the URL as it
 * is, pooled.
 */
export async function reminderSmtp(
  config: Config,
  logger: Logger,
): Promise<{ smtpUrl?: string; mailTransport?: Transporter }> {
  const url = config.remind.smtpUrl;
  if (!url) return {};
  const { oauth, smtpAccessToken } = config.mail;
  if (new URL(url).password || (!oauth && !smtpAccessToken)) return { smtpUrl: url };
  // The email channel's modules (imapflow, mailparser) only when OAuth2 SMTP is configured.
  const { sharedTokenSource } = await import('../mail/oauth-token.js');
  const { smtpTransport } = await import('../mail/mail-channel.js');
  const tokens = oauth ? sharedTokenSource(oauth, logger) : undefined;
  return {
    mailTransport: smtpTransport({ smtpUrl: url, ...(smtpAccessToken ? { smtpAccessToken } : {}) }, tokens, {
      maxConnections: 5,
    }),
  };
}
