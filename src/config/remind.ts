import { z } from 'zod';
import { type ConfigSection, optionalString, optionalUrl } from './section.js';

/** Renewal reminders and stalled-step nudges (src/remind). They run only with REDIS_URL set. */
export interface RemindSettings {
  /** Turns the reminder scheduler off even with REDIS_URL set (e.g. on a CLI-only host). */
  enabled: boolean;
  /** Slack bot token used to post reminders (`xoxb-…`); unset: no Slack delivery. */
  slackToken?: string;
  /** Slack Web API base URL (tests point it at a local fake). */
  slackApiUrl?: string;
  /** SMTP for reminder mail; falls back to SMTP_URL when unset. */
  smtpUrl?: string;
  /** From address of reminder mail; falls back to MAIL_FROM. */
  from?: string;
  /** Team a certificate is filed under when nothing else names one. */
  defaultTeam: string;
  /** How often the due-scan runs (seconds). */
  tickSeconds: number;
  /** Reminders sent at once by one instance. */
  concurrency: number;
  /** Days after issuance before a certificate the site does not serve yet nudges the team; 0: no daily site check. */
  siteCheckDays: number;
}

/** The reminder section: every variable is optional, the defaults work. */
export const remindSection: ConfigSection<RemindSettings> = {
  shape: {
    REMIND_ENABLED: z.enum(['true', 'false']).default('true'),
    REMIND_SLACK_TOKEN: optionalString().refine((v) => v === undefined || /^xox[a-z]-/.test(v), {
      message: 'must be a Slack bot token starting with xoxb-',
    }),
    REMIND_SLACK_API_URL: optionalUrl(['http:', 'https:'], 'https://slack.com/api/'),
    REMIND_SMTP_URL: optionalUrl(
      ['smtp:', 'smtps:'],
      'smtps://bot%40example.co.jp:APP_PASSWORD@smtp.example.co.jp:465',
    ),
    REMIND_FROM: optionalString(),
    REMIND_DEFAULT_TEAM: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .default('default'),
    REMIND_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    REMIND_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
    REMIND_SITE_CHECK_DAYS: z.coerce.number().int().min(0).max(90).default(3),
  },
  fixes: {
    REMIND_ENABLED: 'set REMIND_ENABLED to true or false',
    REMIND_SLACK_TOKEN: 'set REMIND_SLACK_TOKEN to the bot token (xoxb-…), or unset it',
    REMIND_SLACK_API_URL: 'set REMIND_SLACK_API_URL=https://slack.com/api/, or unset it',
    REMIND_SMTP_URL: 'set REMIND_SMTP_URL=smtps://USER:PASSWORD@HOST:465, or unset it to use SMTP_URL',
    REMIND_DEFAULT_TEAM: 'use 1-64 letters, digits or _ . -',
    REMIND_TICK_SECONDS: 'a whole number of seconds between 1 and 3600, e.g. 60',
    REMIND_CONCURRENCY: 'a whole number between 1 and 500, e.g. 20',
    REMIND_SITE_CHECK_DAYS: 'a whole number of days between 0 (off) and 90, e.g. 3',
  },
  read: (e) => {
    const out: RemindSettings = {
      enabled: e.REMIND_ENABLED !== 'false',
      defaultTeam: String(e.REMIND_DEFAULT_TEAM),
      tickSeconds: Number(e.REMIND_TICK_SECONDS),
      concurrency: Number(e.REMIND_CONCURRENCY),
      siteCheckDays: Number(e.REMIND_SITE_CHECK_DAYS),
    };
    const token = e.REMIND_SLACK_TOKEN ?? e.SLACK_BOT_TOKEN;
    if (typeof token === 'string' && token) out.slackToken = token;
    const api = e.REMIND_SLACK_API_URL ?? e.SLACK_API_URL;
    if (typeof api === 'string' && api) out.slackApiUrl = api;
    const smtp = e.REMIND_SMTP_URL ?? e.SMTP_URL;
    if (typeof smtp === 'string' && smtp) out.smtpUrl = smtp;
    const from = e.REMIND_FROM ?? e.MAIL_FROM;
    if (typeof from === 'string' && from) out.from = from;
    return out;
  },
};
