import { z } from 'zod';
import { type CaMailSettings, camailSection } from './camail.js';
import { type CtSettings, ctSection } from './ct.js';
import { type MailSettings, mailSection } from './mail.js';
import { type NtaSettings, ntaSection } from './nta.js';
import { type OpsSettings, opsSection } from './ops.js';
import { type RedisSettings, redisSection } from './redis.js';
import { type RemindSettings, remindSection } from './remind.js';
import { ConfigError, type ConfigSection } from './section.js';
import { type SlackSettings, slackSection } from './slack.js';
import { type StoreSettings, storeSection } from './store.js';

/**
 * All configuration, read from the environment in this one place (house style: probot's
 * readEnvOptions). Each area declares its variables in its own section file; nothing else reads
 * process.env.
 */
const coreSection: ConfigSection<{ env: Config['env']; logLevel?: string; lang: Config['lang'] }> = {
  shape: {
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    BOT_LANG: z.enum(['ja', 'en']).default('ja'),
  },
  fixes: {
    BOT_LANG: 'set BOT_LANG to ja or en, or unset it',
    LOG_LEVEL: 'set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent',
    NODE_ENV: 'set NODE_ENV to development, production or test',
  },
  read: (e) => ({
    env: e.NODE_ENV as Config['env'],
    lang: e.BOT_LANG as Config['lang'],
    ...(e.LOG_LEVEL ? { logLevel: e.LOG_LEVEL as string } : {}),
  }),
};

const SECTIONS = [
  coreSection,
  redisSection,
  slackSection,
  mailSection,
  remindSection,
  camailSection,
  storeSection,
  ntaSection,
  ctSection,
  opsSection,
] as const;

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel?: string;
  /** Language of a conversation before the user shows theirs. */
  lang: 'ja' | 'en';
  redis: RedisSettings;
  slack: SlackSettings;
  mail: MailSettings;
  remind: RemindSettings;
  camail: CaMailSettings;
  store: StoreSettings;
  nta: NtaSettings;
  ct: CtSettings;
  ops: OpsSettings;
}

// Defined beside ConfigSection so a section's read() can throw it too (no import cycle).
export { ConfigError } from './section.js';

/** Reads and validates the configuration; throws ConfigError naming each bad variable and its fix. */
export function readConfig(env: Env = process.env): Config {
  const schema = z.object(Object.assign({}, ...SECTIONS.map((s) => s.shape)));
  const fixes: Record<string, string> = Object.assign({}, ...SECTIONS.map((s) => s.fixes));
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        const fix = fixes[name];
        // Never echo the value: it may be a secret (a URL with a password, a token).
        return `${name}: ${issue.message}${fix ? `. Fix: ${fix}` : ''}`;
      }),
    );
  }
  const e = parsed.data as Record<string, unknown>;
  return {
    ...coreSection.read(e),
    redis: redisSection.read(e),
    slack: slackSection.read(e),
    mail: mailSection.read(e),
    remind: remindSection.read(e),
    camail: camailSection.read(e),
    store: storeSection.read(e),
    nta: ntaSection.read(e),
    ct: ctSection.read(e),
    ops: opsSection.read(e),
  };
}
