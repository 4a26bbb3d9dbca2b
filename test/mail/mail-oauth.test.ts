import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import type { MailSettings } from '../../src/config/mail.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, imapOptions, smtpTransport } from '../../src/mail/mail-channel.js';
import { MailboxWatcher } from '../../src/mail/mailbox-watcher.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { OAuthTokenSource } from '../../src/mail/oauth-token.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { type FakeOAuthServer, startOAuthServer } from '../support/oauth-server.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

// Real servers throughout: a fake authorisation server issuing short-lived tokens, Dovecot checking
// XOAUTH2/OAUTHBEARER logins against it (oauth2 passdb), and an SMTP server accepting XOAUTH2 only with
// a token that is valid right now.

const BOT = 'bot@example.test';
const logger = createLogger({ level: 'silent' });
let oauth: FakeOAuthServer;
let dovecot: DovecotServer;
let smtp: SmtpCapture;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: BOT });
  dovecot = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } });
  smtp = await startSmtp({
    xoauth2: (user, token) => user === BOT && oauth.isValid(token),
    relay: (m) => dovecot.deliver(m.raw, 'alice@example.test', m.from),
  });
});
afterAll(async () => {
  await smtp?.stop();
  await dovecot?.stop();
  await oauth?.stop();
});
beforeEach(() => {
  oauth.expiresIn = 3600;
  oauth.delayMs = 0;
  oauth.failNext(0, 0, '');
});

/** The configuration an operator would write, read through readConfig like at start. */
function settings(): MailSettings & { smtpUrl: string; imapUrl: string; from: string } {
  const { mail } = readConfig({
    SMTP_URL: `smtp://${encodeURIComponent(BOT)}@127.0.0.1:${smtp.port}`,
    IMAP_URL: `imap://127.0.0.1:${dovecot.imapPort}`,
    IMAP_USER: BOT,
    MAIL_FROM: BOT,
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    MAIL_OAUTH_TOKEN_URL: oauth.tokenUrl,
    MAIL_OAUTH_CLIENT_ID: oauth.clientId,
    MAIL_OAUTH_CLIENT_SECRET: oauth.clientSecret,
    MAIL_OAUTH_REFRESH_TOKEN: oauth.refreshToken,
    MAIL_OAUTH_SCOPE: 'https://mail.google.com/',
  });
  return { ...mail, smtpUrl: mail.smtpUrl!, imapUrl: mail.imapUrl!, from: mail.from! };
}

/** Short test tokens (seconds) need a short refresh margin; production keeps the 2-minute default. */
const tokenSource = () => new OAuthTokenSource(settings().oauth!, { refreshMarginMs: 200 });

const mail = (id: string, from = 'taro@sakura-shoji.co.jp', subject = `test ${id}`, body = 'hello') =>
  `From: ${from}\r\nTo: ${BOT}\r\nSubject: ${subject}\r\nMessage-ID: <${id}@test>\r\n\r\n${body}\r\n`;

async function waitUntil(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('SMTP with OAuth2 refreshed by the bot', () => {
  const send = (transport: ReturnType<typeof smtpTransport>, id: string) =>
    transport.sendMail({
      from: BOT,
      to: 'alice@example.test',
      subject: id,
      text: id,
      messageId: `<${id}@t>`,
    });

  it('sends with a token obtained from the endpoint', async () => {
    const before = { refreshes: oauth.refreshes, logins: smtp.logins.length };
    const transport = smtpTransport(settings(), tokenSource());
    await send(transport, 'oauth-1');
    transport.close();
    expect(oauth.refreshes - before.refreshes).toBe(1);
    const [login] = smtp.logins.slice(before.logins);
    expect(login).toMatchObject({ user: BOT, accepted: true });
    expect(login!.accessToken).toMatch(/^at-/);
    expect(oauth.requests.at(-1)!.get('scope')).toBe('https://mail.google.com/');
  });

  it('refreshes for the next send once the token expired', async () => {
    oauth.expiresIn = 1;
    const before = { refreshes: oauth.refreshes, logins: smtp.logins.length };
    const transport = smtpTransport(settings(), tokenSource());
    await send(transport, 'expiry-1');
    const first = smtp.logins.at(-1)!.accessToken;
    await waitUntil(() => !oauth.isValid(first), 3_000);
    await send(transport, 'expiry-2');
    transport.close();
    expect(oauth.refreshes - before.refreshes).toBe(2);
    const logins = smtp.logins.slice(before.logins);
    expect(logins.map((l) => l.accepted)).toEqual([true, true]);
    expect(logins[1]!.accessToken).not.toBe(first);
  });

  it('renews a token the server refuses before it was due (revoked) and retries the login', async () => {
    const before = { refreshes: oauth.refreshes, logins: smtp.logins.length };
    const transport = smtpTransport(settings(), tokenSource());
    await send(transport, 'revoke-1');
    oauth.revokeAll();
    await send(transport, 'revoke-2');
    transport.close();
    expect(smtp.logins.slice(before.logins).map((l) => l.accepted)).toEqual([true, false, true]);
    expect(oauth.refreshes - before.refreshes).toBe(2);
  });

  it('does one refresh for concurrent sends', async () => {
    oauth.delayMs = 150;
    const before = { refreshes: oauth.refreshes, logins: smtp.logins.length };
    const transport = smtpTransport(settings(), tokenSource());
    await Promise.all(Array.from({ length: 5 }, (_, i) => send(transport, `concurrent-${i}`)));
    transport.close();
    expect(oauth.refreshes - before.refreshes).toBe(1);
    const logins = smtp.logins.slice(before.logins);
    expect(logins).toHaveLength(5);
    expect(new Set(logins.map((l) => l.accessToken)).size).toBe(1);
    expect(logins.every((l) => l.accepted)).toBe(true);
  });

  it('fails with a clear error on invalid_grant, without the secret or refresh token', async () => {
    oauth.failNext(1, 400, 'invalid_grant', `Bad Request: ${oauth.refreshToken}`);
    const transport = smtpTransport(settings(), tokenSource());
    const err = (await send(transport, 'grant-1').catch((e: unknown) => e)) as Error & { hint?: string };
    transport.close();
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(
      `OAuth2 token refresh at ${new URL(oauth.tokenUrl).host} failed: invalid_grant`,
    );
    expect(err.hint).toContain('MAIL_OAUTH_REFRESH_TOKEN');
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    expect(everything).not.toContain(oauth.refreshToken);
    expect(everything).not.toContain(oauth.clientSecret);
  });
});

describe('IMAP with OAuth2 refreshed by the bot (Dovecot oauth2 passdb)', () => {
  let seq = 0;
  const watchers: MailboxWatcher[] = [];
  afterEach(async () => {
    for (const w of watchers.splice(0)) await w.stop();
  });

  /** A fresh folder with messages, filled with the password login the test Dovecot also keeps. */
  async function folderWith(...ids: string[]): Promise<string> {
    const name = `OAuth${++seq}`;
    const client = new ImapFlow({ ...passwordLogin(), logger: false });
    await client.connect();
    await client.mailboxCreate(name);
    for (const id of ids) await client.append(name, mail(id));
    await client.logout();
    return name;
  }
  const passwordLogin = () => ({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: dovecot.bot,
  });
  async function append(folder: string, id: string): Promise<void> {
    const client = new ImapFlow({ ...passwordLogin(), logger: false });
    await client.connect();
    await client.append(folder, mail(id));
    await client.logout();
  }

  function watch(folder: string, seen: string[]) {
    const s = settings();
    const w = new MailboxWatcher({
      imap: imapOptions(s),
      accessToken: tokenSource(),
      mailbox: folder,
      state: new MemoryMailState(),
      owner: 'oauth-test',
      logger,
      maxBytes: 1024 * 1024,
      pollMs: 60_000,
      minBackoffMs: 20,
      maxBackoffMs: 200,
      onMessage: async (source) => {
        if (source.type === 'stream')
          seen.push((await parseMessage(source.content as never)).messageId ?? '?');
      },
    });
    watchers.push(w);
    return w;
  }

  it('logs in with a token from the endpoint and reconnects with a refreshed one after it expired', async () => {
    oauth.expiresIn = 2;
    const folder = await folderWith('i1');
    const before = oauth.refreshes;
    const seen: string[] = [];
    const w = watch(folder, seen);
    const connected = once(w.events, 'connected');
    w.start();
    await connected;
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual(['<i1@test>']);
    expect(oauth.refreshes - before).toBe(1);

    // The token expires (the session stays logged in, as with Gmail); then the connection drops.
    await sleep(2_100);
    const reconnected = once(w.events, 'connected');
    w.dropConnection();
    await reconnected;
    expect(oauth.refreshes - before).toBe(2);
    await append(folder, 'i2');
    await waitUntil(() => seen.length === 2);
    expect(seen).toEqual(['<i1@test>', '<i2@test>']);
  });

  it('invalidates a token Dovecot refuses, and the reconnect after backoff logs in with a new one', async () => {
    const folder = await folderWith('r1');
    const before = oauth.refreshes;
    const seen: string[] = [];
    const w = watch(folder, seen);
    const disconnects: string[] = [];
    w.events.on('disconnected', (code: string) => disconnects.push(code));
    const connected = once(w.events, 'connected');
    w.start();
    await connected;
    await waitUntil(() => seen.length === 1);

    oauth.revokeAll(); // the client still believes its token good for an hour
    const reconnected = once(w.events, 'connected');
    w.dropConnection();
    await reconnected;
    // One refused login with the old token, then a refresh and a login with the new one.
    expect(disconnects.length).toBe(2);
    expect(oauth.refreshes - before).toBe(2);
    await append(folder, 'r2');
    await waitUntil(() => seen.length === 2);
  });

  it('keeps retrying with backoff while the endpoint fails, then connects', async () => {
    const folder = await folderWith('f1');
    oauth.failNext(2, 503, 'temporarily_unavailable');
    const seen: string[] = [];
    const w = watch(folder, seen);
    const disconnects: string[] = [];
    w.events.on('disconnected', (code: string) => disconnects.push(code));
    const connected = once(w.events, 'connected');
    w.start();
    await connected;
    expect(disconnects).toEqual(['oauth_token_failed', 'oauth_token_failed']);
    await waitUntil(() => seen.length === 1);
  });
});

describe('the email channel on OAuth2', () => {
  it('reads and answers with one token source for IMAP and SMTP', async () => {
    const before = { refreshes: oauth.refreshes, logins: smtp.logins.length, sent: smtp.messages.length };
    const channel = createMailChannel({
      settings: settings(),
      services: { store: new MemoryApplicationStore(), deps: engineDeps, clock: () => new Date(), logger },
      state: new MemoryMailState(),
      watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
    });
    try {
      await dovecot.deliver(
        mail(
          'apply-1',
          'taro@sakura-shoji.co.jp',
          'EV SSL証明書の取得申請',
          'EV SSL証明書の取得申請をお願いします。',
        ),
        BOT,
        'taro@sakura-shoji.co.jp',
      );
      const answer = await parseMessage((await smtp.nth(before.sent + 1)).raw);
      expect(answer.inReplyTo).toBe('<apply-1@test>');
      expect(answer.subject).toMatch(/^\[EV SSL [0-9A-F]{6}\]/);
      // Dovecot accepted the token IMAP got; SMTP reused it: one refresh for both.
      expect(oauth.refreshes - before.refreshes).toBe(1);
      expect(smtp.logins.slice(before.logins).map((l) => l.accepted)).toEqual([true]);
    } finally {
      await channel.stop();
    }
  });
});
