import type { ChannelStarter } from '../app/running-channel.js';
import { createSlackBot } from './slack-bot.js';

/** Starts the Slack channel when SLACK_BOT_TOKEN is set (undefined otherwise: the channel is off). */
export const startSlack: ChannelStarter = async (config, services) => {
  if (!config.slack.botToken) return undefined;
  const bot = createSlackBot({ settings: config.slack, services, lang: config.lang, relay: services.relay });
  // CA mails for Slack applications (read by the email channel) reach the application's
  // thread (a DM to the applicant when it has none).
  services.notifiers.register('slack', bot.notify);
  const { port } = await bot.start();
  services.logger.info({ mode: bot.mode, ...(port !== undefined ? { port } : {}) }, 'slack channel started');
  return { name: 'slack', stop: () => bot.stop() };
};
