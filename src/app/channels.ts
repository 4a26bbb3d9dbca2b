import type { Config } from '../config/config.js';
import type { ChannelStarter } from './running-channel.js';

/**
 * The channels that run besides (or instead of) the console, each started only when its configuration
 * is present (returns undefined otherwise). With none configured, `npm start` runs the console channel.
 * Reminders are not among them: the composition root (src/main.ts) starts them first and hands them to
 * every channel. Notices between channels go through `services.notifiers`, looked up when sent, so this
 * order does not matter.
 */
export const CHANNELS: ChannelStarter[] = [
  lazy(
    (c) => c.mail.smtpUrl !== undefined || c.mail.imapUrl !== undefined,
    async () => (await import('../mail/mail-channel.js')).startMailChannel,
  ),
  lazy(
    (c) => c.slack.botToken !== undefined,
    async () => (await import('../bot/slack-channel.js')).startSlack,
  ),
  lazy(
    (c) => c.ct.provider !== 'off',
    async () => (await import('../ct/start-ct.js')).startCtWatch,
  ),
];

/**
 * A channel whose module (Bolt, imapflow and mailparser, ioredis) is imported only when its configuration
 * is present: the console and the CLI start without loading them. `wanted` is a cheap pre-check; the
 * starter still decides (and says why it did not start).
 */
function lazy(wanted: (config: Config) => boolean, load: () => Promise<ChannelStarter>): ChannelStarter {
  return async (config, services) => (wanted(config) ? (await load())(config, services) : undefined);
}
