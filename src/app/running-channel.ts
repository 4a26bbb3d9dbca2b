import type { Config } from '../config/config.js';
import type { AppServices } from './services.js';

/** A running channel (Slack, email, reminders…): stopped on shutdown. */
export interface RunningChannel {
  name: string;
  /** A worker nobody talks to (reminders): the console still runs when only these are running. */
  background?: boolean;
  stop(): Promise<void>;
}

/** Starts a channel from its configuration, or returns undefined when that configuration is absent. */
export type ChannelStarter = (config: Config, services: AppServices) => Promise<RunningChannel | undefined>;
