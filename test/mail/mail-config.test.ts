import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { createLogger } from '../../src/log/logger.js';
import { imapOptions, startMailChannel } from '../../src/mail/mail-channel.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { withRelay } from '../support/with-relay.js';

describe('email configuration', () => {
  it('is off by default, with safe defaults', () => {
    const { mail } = readConfig({});
    expect(mail).toEqual({
      mailbox: 'INBOX',
      allowedDomains: [],
      maxBytes: 20 * 1024 * 1024,
      maxAttachmentBytes: 10 * 1024 * 1024,
      requireAuth: true,
      pollSeconds: 60,
      quarantineFolder: 'Quarantine',
      quarantineAfter: 5,
    });
  });

  it('refuses a quarantine folder that is the folder the bot reads, naming the variable', () => {
    expect(() => readConfig({ IMAP_MAILBOX: 'Bot', MAIL_QUARANTINE_FOLDER: 'Bot' })).toThrow(
      /MAIL_QUARANTINE_FOLDER: is the folder the bot reads/,
    );
    expect(() => readConfig({ MAIL_QUARANTINE_AFTER: '0' })).toThrow(/MAIL_QUARANTINE_AFTER/);
  });

  it('reads the servers, the sender and the allowed domains', () => {
    const { mail } = readConfig({
      SMTP_URL: 'smtps://bot%40example.co.jp:secret@smtp.example.co.jp:465',
      IMAP_URL: 'imaps://bot%40example.co.jp:secret@imap.example.co.jp',
      MAIL_FROM: 'bot@example.co.jp',
      MAIL_ALLOWED_DOMAINS: 'Sakura-Shoji.co.jp, @example.jp',
      MAIL_REQUIRE_AUTH: 'false',
      MAIL_MAX_BYTES: '1048576',
    });
    expect(mail).toMatchObject({
      from: 'bot@example.co.jp',
      allowedDomains: ['sakura-shoji.co.jp', 'example.jp'],
      requireAuth: false,
      maxBytes: 1048576,
    });
    expect(imapOptions({ ...mail, imapUrl: mail.imapUrl! })).toEqual({
      host: 'imap.example.co.jp',
      port: 993,
      secure: true,
      auth: { user: 'bot@example.co.jp', pass: 'secret' },
    });
  });

  it('uses an OAuth2 access token instead of a password when one is set', () => {
    const { mail } = readConfig({
      IMAP_URL: 'imap://imap.example.co.jp:143',
      IMAP_USER: 'bot@x.jp',
      IMAP_ACCESS_TOKEN: 'tok',
    });
    expect(imapOptions({ ...mail, imapUrl: mail.imapUrl! }).auth).toEqual({
      user: 'bot@x.jp',
      accessToken: 'tok',
    });
  });

  it('names a bad variable and its fix without echoing the value', () => {
    let error: unknown;
    try {
      readConfig({ SMTP_URL: 'http://user:hunter2@host', MAIL_FROM: 'not an address' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('SMTP_URL');
    expect(message).toContain('MAIL_FROM');
    expect(message).not.toContain('hunter2');
  });

  it('starts no channel unless SMTP_URL, IMAP_URL and MAIL_FROM are all set', async () => {
    const services = {
      store: new MemoryApplicationStore(),
      deps: { analyzeCsr: () => ({}) as never },
      clock: () => new Date(),
      logger: createLogger({ level: 'silent' }),
    } satisfies TurnServices;
    expect(await startMailChannel(readConfig({}), withRelay(services))).toBeUndefined();
    expect(
      await startMailChannel(readConfig({ SMTP_URL: 'smtp://127.0.0.1:25' }), withRelay(services)),
    ).toBeUndefined();
  });
});
