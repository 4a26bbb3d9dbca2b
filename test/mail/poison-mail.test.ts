import { once } from 'node:events';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { PROCESSED_FLAG, QUARANTINED_FLAG } from '../../src/mail/mailbox-watcher.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { StoreUnavailableError } from '../../src/store/store-errors.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { compose, hugeHeader, manyParts } from './poison-fixtures.js';

const QUARANTINE = 'Poison';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let channel: MailChannel;
const store = new MemoryApplicationStore();
const state = new MemoryMailState();
/** Failures the CA-mail hook throws for mails whose subject names them (a turn failing for that mail). */
const failing = new Map<string, { left: number; error: () => Error }>();
const quarantined: Array<{ uid: number; reason: string; code: string; attempts: number }> = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await startSmtp();
  const { settings } = mailConfig(dovecot, smtp, {
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    MAIL_QUARANTINE_FOLDER: QUARANTINE,
    MAIL_QUARANTINE_AFTER: '3',
  });
  channel = createMailChannel({
    settings,
    services: { store, deps: engineDeps, clock: () => new Date(), logger: createLogger({ level: 'silent' }) },
    state,
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
    handler: {
      // A mail this recogniser claims runs the hook below, which fails as a broken turn would.
      recognisers: [
        { name: 'test-failing', recognise: (m) => (failing.has(m.subject) ? { kind: 'x' } : undefined) },
      ],
      onRecognised: async (mail) => {
        const f = failing.get(mail.subject)!;
        if (f.left-- > 0) throw f.error();
      },
    },
  });
  channel.watcher.events.on('quarantined', (q) => quarantined.push(q));
});
afterAll(async () => {
  await channel?.stop();
  await smtp?.stop();
  await dovecot?.stop();
});

async function imap<T>(f: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: dovecot.bot,
    logger: false,
  });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.logout();
  }
}

/** Message-IDs and flags of the quarantine folder. */
function quarantineFolder(): Promise<Array<{ messageId: string; flags: string[] }>> {
  return imap(async (c) => {
    if (!(await c.list()).some((b) => b.path === QUARANTINE)) return [];
    await c.mailboxOpen(QUARANTINE);
    const all = await c.fetchAll('1:*', { envelope: true, flags: true }).catch(() => []);
    return all.map((m) => ({
      messageId: m.envelope?.messageId ?? '',
      flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort(),
    }));
  });
}

/** Resolves with the bot's answer to `messageId` (In-Reply-To), waiting for it. */
async function answerTo(
  messageId: string,
  timeoutMs = 10_000,
): Promise<{ subject: string; text: string; to: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const m of smtp.messages) {
      const p = await parseMessage(m.raw);
      if (p.inReplyTo === messageId) return { subject: p.subject, text: p.text, to: m.to };
    }
    if (Date.now() > deadline) throw new Error(`no answer to ${messageId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function answersTo(messageId: string): Promise<number> {
  let n = 0;
  for (const m of smtp.messages) if ((await parseMessage(m.raw)).inReplyTo === messageId) n++;
  return n;
}

const newApplication = (id: string) =>
  compose({
    from: 'taro@sakura-shoji.co.jp',
    subject: 'EV SSL証明書の取得申請',
    messageId: id,
    text: '取得申請をお願いします。',
  });

describe('mail the parser cannot read never stops the mailbox (real Dovecot, SMTP capture)', () => {
  it('answers the allowed sender of a 1,001-part mail politely, quarantines it, and reads the next mail at once', async () => {
    const poison = await manyParts('山田 太郎 <taro@sakura-shoji.co.jp>', '<parts.1@sakura-shoji.co.jp>');
    const parsed = await parseMessage(poison).catch((e: { code?: string }) => e.code);
    expect(parsed).toBe('EMAXLEN'); // the fixture really is over the parser's limit
    await dovecot.deliver(poison, 'bot@example.test', 'taro@sakura-shoji.co.jp');
    await dovecot.deliver(await newApplication('<after.1@sakura-shoji.co.jp>'));
    const sent = Date.now();

    const polite = await answerTo('<parts.1@sakura-shoji.co.jp>');
    expect(polite.to).toEqual(['taro@sakura-shoji.co.jp']);
    expect(polite.subject).toBe('[EV SSL] メールを読み込めませんでした');
    expect(polite.text).toContain('読み込めませんでした');
    const next = await answerTo('<after.1@sakura-shoji.co.jp>');
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(next.subject).toMatch(/^\[EV SSL [0-9A-F]{6}\]/);

    const box = await quarantineFolder();
    expect(box).toEqual([
      {
        messageId: '<parts.1@sakura-shoji.co.jp>',
        flags: [PROCESSED_FLAG, QUARANTINED_FLAG, '\\Flagged'].sort(),
      },
    ]);
    expect(quarantined.at(-1)).toMatchObject({ reason: 'unreadable', code: 'EMAXLEN', attempts: 1 });
  });

  it('quarantines a mail with a 20,000-word Subject from a stranger without answering it', async () => {
    const before = smtp.messages.length;
    const poison = await hugeHeader('someone@elsewhere.example', '<subject.1@elsewhere.example>');
    expect(poison.length).toBeGreaterThan(500_000);
    expect(await parseMessage(poison).catch((e: { code?: string }) => e.code)).toBe('EMAXLEN');
    await dovecot.deliver(poison);
    await dovecot.deliver(await newApplication('<after.2@sakura-shoji.co.jp>'));
    await answerTo('<after.2@sakura-shoji.co.jp>');
    expect(smtp.messages.length).toBe(before + 1);
    expect((await quarantineFolder()).map((m) => m.messageId)).toContain('<subject.1@elsewhere.example>');
    expect(quarantined.at(-1)).toMatchObject({ reason: 'unreadable', code: 'EMAXLEN' });
  });

  it('answers the allowed sender of a 20,000-word Subject too, from the header fields read on their own', async () => {
    const poison = await hugeHeader('taro@sakura-shoji.co.jp', '<subject.2@sakura-shoji.co.jp>');
    await dovecot.deliver(poison);
    const polite = await answerTo('<subject.2@sakura-shoji.co.jp>');
    expect(polite.subject).toBe('[EV SSL] メールを読み込めませんでした');
  });

  it('quarantines a mail whose handling fails the same way 3 times, and answers its sender', async () => {
    const subject = '申請の件（処理失敗）';
    failing.set(subject, { left: 100, error: () => Object.assign(new Error('broken'), { code: 'ETURN' }) });
    const id = '<failing.1@sakura-shoji.co.jp>';
    await dovecot.deliver(
      await compose({ from: 'taro@sakura-shoji.co.jp', subject, messageId: id, text: 'x' }),
    );
    await dovecot.deliver(await newApplication('<after.3@sakura-shoji.co.jp>'));
    const polite = await answerTo(id);
    expect(polite.subject).toBe('[EV SSL] メールを処理できませんでした');
    await answerTo('<after.3@sakura-shoji.co.jp>');
    expect(failing.get(subject)!.left).toBe(97); // three attempts, then quarantined
    expect(quarantined.at(-1)).toMatchObject({ reason: 'failing', code: 'ETURN', attempts: 3 });
    expect((await quarantineFolder()).map((m) => m.messageId)).toContain(id);
  });

  it('retries a mail that fails twice and then goes through: handled once, not quarantined', async () => {
    const subject = 'failing turn 2';
    failing.set(subject, { left: 2, error: () => Object.assign(new Error('flaky'), { code: 'ETURN' }) });
    const id = '<flaky.1@sakura-shoji.co.jp>';
    const count = quarantined.length;
    await dovecot.deliver(
      await compose({ from: 'taro@sakura-shoji.co.jp', subject, messageId: id, text: 'x' }),
    );
    await dovecot.deliver(await newApplication('<after.4@sakura-shoji.co.jp>'));
    await answerTo('<after.4@sakura-shoji.co.jp>');
    expect(failing.get(subject)!.left).toBe(-1); // failed twice, handled on the third attempt
    expect(quarantined.length).toBe(count);
    expect(await answersTo(id)).toBe(0); // a claimed mail is not answered by the channel
  });

  it('never counts an unreachable store against the mail: it is retried until the store is back', async () => {
    const subject = 'store away';
    failing.set(subject, { left: 6, error: () => new StoreUnavailableError(false) });
    const count = quarantined.length;
    await dovecot.deliver(
      await compose({
        from: 'taro@sakura-shoji.co.jp',
        subject,
        messageId: '<away.1@sakura-shoji.co.jp>',
        text: 'x',
      }),
    );
    await dovecot.deliver(await newApplication('<after.5@sakura-shoji.co.jp>'));
    await answerTo('<after.5@sakura-shoji.co.jp>', 20_000);
    expect(failing.get(subject)!.left).toBe(-1); // 6 failures (over the limit of 3), then handled
    expect(quarantined.length).toBe(count);
  });

  it('moves a mail flagged as quarantined again when an earlier move did not happen', async () => {
    await channel.watcher.stop();
    const id = '<left.1@sakura-shoji.co.jp>';
    await dovecot.deliver(
      await compose({ from: 'taro@sakura-shoji.co.jp', subject: 'left', messageId: id, text: 'x' }),
    );
    await imap(async (c) => {
      await c.mailboxOpen('INBOX');
      const uids = (await c.search({ header: { 'message-id': id } }, { uid: true })) || [];
      await c.messageFlagsAdd(uids, [QUARANTINED_FLAG], { uid: true });
    });
    const restarted = createMailChannel({
      settings: {
        ...readConfig({
          SMTP_URL: smtp.url,
          IMAP_URL: `imap://${encodeURIComponent(dovecot.bot.user)}:${dovecot.bot.pass}@127.0.0.1:${dovecot.imapPort}`,
          MAIL_FROM: 'bot@example.test',
          MAIL_QUARANTINE_FOLDER: QUARANTINE,
        }).mail,
        smtpUrl: smtp.url,
        imapUrl: `imap://${encodeURIComponent(dovecot.bot.user)}:${dovecot.bot.pass}@127.0.0.1:${dovecot.imapPort}`,
        from: 'bot@example.test',
      },
      services: {
        store,
        deps: engineDeps,
        clock: () => new Date(),
        logger: createLogger({ level: 'silent' }),
      },
      state,
    });
    try {
      await once(restarted.watcher.events, 'idle');
      expect((await quarantineFolder()).map((m) => m.messageId)).toContain(id);
      expect(await answersTo(id)).toBe(0);
    } finally {
      await restarted.stop();
    }
  });
});
