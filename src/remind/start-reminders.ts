import type { ChannelStarter } from '../app/channels.js';
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
      ...(remind.smtpUrl ? { smtpUrl: remind.smtpUrl } : {}),
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
