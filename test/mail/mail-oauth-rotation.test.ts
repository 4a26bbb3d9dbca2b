import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { startMailChannel } from '../../src/mail/mail-channel.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { type FakeOAuthServer, startOAuthServer } from '../support/oauth-server.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { withRelay } from '../support/with-relay.js';

// Real servers: an authorisation server that rotates refresh tokens and then accepts only the newest,
// Dovecot checking XOAUTH2 logins against it, an SMTP server accepting XOAUTH2 only, and Redis holding
// the rotated token sealed with DATA_KEYS. The channel is started as main starts it (startMailChannel).

const BOT = 'bot@example.test';
const DATA_KEYS = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
let oauth: FakeOAuthServer;
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let redis: RedisServer;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: BOT });
  [dovecot, redis] = await Promise.all([
    startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } }),
    startRedis(),
  ]);
  smtp = await startSmtp({ xoauth2: (user, token) => user === BOT && oauth.isValid(token) });
});
afterAll(async () => {
  await smtp?.stop();
  await dovecot?.stop();
  await redis?.stop();
  await oauth?.stop();
});

const services = () =>
  withRelay({
    store: new MemoryApplicationStore(),
    deps: engineDeps,
    clock: () => new Date(),
    logger: createLogger({ level: 'silent' }),
  });

function env(oauthVars: Record<string, string>) {
  return {
    SMTP_URL: `smtp://${encodeURIComponent(BOT)}@127.0.0.1:${smtp.port}`,
    IMAP_URL: `imap://127.0.0.1:${dovecot.imapPort}`,
    IMAP_USER: BOT,
    MAIL_FROM: BOT,
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    REDIS_URL: redis.url,
    DATA_KEYS,
    MAIL_OAUTH_TOKEN_URL: oauth.tokenUrl,
    MAIL_OAUTH_CLIENT_ID: oauth.clientId,
    MAIL_OAUTH_CLIENT_SECRET: oauth.clientSecret,
    ...oauthVars,
  };
}

/** An applicant's new mail, and the bot's answer as the SMTP server accepted it (or a timeout). */
async function askAndAnswer(id: string): Promise<string> {
  const n = smtp.messages.length + 1;
  await dovecot.deliver(
    `From: taro@sakura-shoji.co.jp\r\nTo: ${BOT}\r\nSubject: EV SSL\r\nMessage-ID: <${id}@sakura-shoji.co.jp>\r\n\r\nEV SSL証明書の取得申請をお願いします。\r\n`,
    BOT,
    'taro@sakura-shoji.co.jp',
  );
  const answer = await Promise.race([
    smtp.nth(n),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${id}`)), 15_000)),
  ]);
  return (await parseMessage(answer.raw)).inReplyTo ?? '';
}

describe('OAuth2 refresh tokens the provider rotates', () => {
  it('are kept sealed in Redis, so a restarted bot logs in after the configured token was replaced', async () => {
    oauth.rotate = true;
    const configured = oauth.refreshToken;
    const config = () => readConfig(env({ MAIL_OAUTH_REFRESH_TOKEN: configured }));

    const first = await startMailChannel(config(), services());
    expect(await askAndAnswer('r1')).toBe('<r1@sakura-shoji.co.jp>');
    await first?.stop();
    // The provider rotated: only the newest refresh token is accepted now, not the configured one.
    const rotated = oauth.refreshToken;
    expect(rotated).not.toBe(configured);

    // At rest: one sealed envelope, neither token in the clear.
    const client = new Redis(redis.url);
    const keys = await client.keys('*oauth-refresh*');
    expect(keys).toHaveLength(1);
    const raw = (await client.get(keys[0]!))!;
    await client.quit();
    expect(JSON.parse(raw)).toMatchObject({ kid: 'k1' });
    expect(raw).not.toContain(rotated);
    expect(raw).not.toContain(configured);

    // A restart with the same (now stale) MAIL_OAUTH_REFRESH_TOKEN goes on from the saved one.
    const second = await startMailChannel(config(), services());
    try {
      expect(await askAndAnswer('r2')).toBe('<r2@sakura-shoji.co.jp>');
    } finally {
      await second?.stop();
    }
    const last = oauth.requests.at(-1)!;
    expect(last.get('grant_type')).toBe('refresh_token');
    expect(last.get('refresh_token')).toBe(rotated);
  }, 60_000);
});

describe('Microsoft’s client-credentials grant', () => {
  it('reads and answers with tokens for the app itself, no refresh token, scope outlook.office365.com/.default', async () => {
    oauth.rotate = false;
    const before = oauth.requests.length;
    const channel = await startMailChannel(
      readConfig(env({ MAIL_OAUTH_GRANT: 'client_credentials' })),
      services(),
    );
    try {
      expect(await askAndAnswer('cc1')).toBe('<cc1@sakura-shoji.co.jp>');
    } finally {
      await channel?.stop();
    }
    const asked = oauth.requests.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    for (const form of asked) {
      expect(form.get('grant_type')).toBe('client_credentials');
      expect(form.get('scope')).toBe('https://outlook.office365.com/.default');
      expect(form.has('refresh_token')).toBe(false);
    }
  }, 60_000);
});
