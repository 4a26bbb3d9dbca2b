import { z } from 'zod';
import type { ConfigSection } from './section.js';
import { optionalString, optionalUrl } from './section.js';

/** Who besides an application's members may see its status (App Home, `status` in its thread). */
export type StatusVisibility = 'members' | 'workspace';

export interface SlackSettings {
  /** Unset: the Slack channel does not start. */
  botToken?: string;
  signingSecret?: string;
  /** Set: Socket Mode (no public URL needed); unset: HTTP mode on `port`. */
  appToken?: string;
  port: number;
  /** The Web API base URL (tests, proxies); Slack's own when unset. */
  apiUrl?: string;
  statusVisibility: StatusVisibility;
}

/** The Slack channel: HTTP mode with a signing secret, or Socket Mode with an app-level token. */
export const slackSection: ConfigSection<SlackSettings> = {
  shape: {
    SLACK_BOT_TOKEN: optionalString().refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb-',
    }),
    SLACK_SIGNING_SECRET: optionalString(),
    SLACK_APP_TOKEN: optionalString().refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp-',
    }),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SLACK_API_URL: optionalUrl(['http:', 'https:'], 'https://slack.com/api/'),
    SLACK_STATUS_VISIBILITY: z.enum(['members', 'workspace']).default('members'),
  },
  fixes: {
    SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page',
    SLACK_SIGNING_SECRET: 'copy the Signing Secret from the app’s Basic Information page',
    SLACK_APP_TOKEN:
      'create an app-level token with the connections:write scope (xapp-…) on Basic Information, or unset it for HTTP mode',
    PORT: 'set PORT to a TCP port number, e.g. 3000',
    SLACK_API_URL: 'set SLACK_API_URL to the Web API base URL ending in /api/, or unset it',
    SLACK_STATUS_VISIBILITY: 'set SLACK_STATUS_VISIBILITY to members or workspace',
  },
  read: (e) => ({
    ...(e.SLACK_BOT_TOKEN ? { botToken: e.SLACK_BOT_TOKEN as string } : {}),
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET as string } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN as string } : {}),
    port: e.PORT as number,
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL as string } : {}),
    statusVisibility: e.SLACK_STATUS_VISIBILITY as StatusVisibility,
  }),
};
