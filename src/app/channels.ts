import { startSlack } from '../bot/slack-channel.js';
import type { Config } from '../config/config.js';
import { startMailChannel } from '../mail/mail-channel.js';
import { startReminders } from '../remind/start-reminders.js';
import type { AppServices } from './services.js';

/** A running channel (Slack, email, reminders…): stopped on shutdown. */
export interface RunningChannel {
  name: string;
  /** A worker nobody talks to (reminders): the console still runs when only these are running. */
  background?: boolean;
  stop(): Promise<void>;
}

export type ChannelStarter = (config: Config, services: AppServices) => Promise<RunningChannel | undefined>;

/**
 * The channels that run besides (or instead of) the console, each started only when its configuration
 * is present (returns undefined otherwise). With none configured, `npm start` runs the console channel.
 */
export const CHANNELS: ChannelStarter[] = [startReminders, startMailChannel, startSlack];
