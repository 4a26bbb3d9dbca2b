import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { reminderSmtp } from '../../src/remind/start-reminders.js';
import { type FakeOAuthServer, startOAuthServer } from '../support/oauth-server.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

// Reminder mail goes out on the mailbox's own SMTP login: with MAIL_OAUTH_* that is OAuth2 (XOAUTH2),
// checked here by a real SMTP server against a fake authorisation server's tokens.
const BOT = 'bot@example.test';
const logger = createLogger({ level: 'silent' });
let oauth: FakeOAuthServer;
let smtp: SmtpCapture;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: BOT });
  smtp = await startSmtp({ xoauth2: (user, token) => user === BOT && oauth.isValid(token) });
});
afterAll(async () => {
  await smtp?.stop();
  await oauth?.stop();
});

const env = (extra: Record<string, string> = {}) => ({
  REDIS_URL: 'redis://127.0.0.1:1',
  DATA_KEYS: 'dev',
  SMTP_URL: `smtp://${encodeURIComponent(BOT)}@127.0.0.1:${smtp.port}`,
  IMAP_URL: 'imap://127.0.0.1:1',
  IMAP_USER: BOT,
  MAIL_FROM: BOT,
  MAIL_OAUTH_TOKEN_URL: oauth.tokenUrl,
  MAIL_OAUTH_CLIENT_ID: oauth.clientId,
  MAIL_OAUTH_CLIENT_SECRET: oauth.clientSecret,
  MAIL_OAUTH_REFRESH_TOKEN: oauth.refreshToken,
  ...extra,
});

describe('reminder mail with OAuth2', () => {
  it('logs in with a token from the endpoint, on pooled connections', async () => {
    const config = readConfig(env());
    const smtpOptions = await reminderSmtp(config, logger);
    expect(smtpOptions.mailTransport).toBeDefined();
    const notifier = createNotifier({ ...smtpOptions, from: BOT });
    const before = smtp.messages.length;
    const refreshes = oauth.refreshes;
    await Promise.all(
      ['a', 'b', 'c'].map((n) => notifier.email(['ops@example.jp'], `reminder ${n}`, 'renew soon')),
    );
    await notifier.close();
    expect(smtp.messages.length - before).toBe(3);
    expect(oauth.refreshes - refreshes).toBe(1);
    expect(smtp.logins.filter((l) => !l.accepted)).toEqual([]);
  });

  it('a REMIND_SMTP_URL with its own password logs in with that password, not OAuth2', async () => {
    const config = readConfig(
      env({ REMIND_SMTP_URL: 'smtps://alerts%40example.jp:app-pass@smtp.example.jp:465' }),
    );
    const options = await reminderSmtp(config, logger);
    expect(options.mailTransport).toBeUndefined();
    expect(options.smtpUrl).toBe('smtps://alerts%40example.jp:app-pass@smtp.example.jp:465');
  });
});
