import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import type { MailStateStore } from '../../src/mail/mail-state-store.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import type { ApplicationStore } from '../../src/store/application-store.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { rawFixture } from './fixtures.js';

const APPLICANT = 'taro@sakura-shoji.co.jp';
const csr = readFileSync(new URL('../fixtures/flow/good.csr', import.meta.url), 'utf8').trimEnd();
const composer = createTransport({ streamTransport: true, buffer: true });

/**
 * The whole application by email, on the stores `make` gives: mail-e2e.test.ts runs it in memory,
 * mail-e2e-sqlite.test.ts on the embedded SQLite file (applications and mail state in one database).
 */
export function mailEndToEnd(
  name: string,
  make: () => { store: ApplicationStore; state: MailStateStore },
): void {
  let dovecot: DovecotServer;
  let smtp: SmtpCapture;
  let channel: MailChannel;
  const { store, state } = make();
  const outcomes: Array<{ action: string; reason?: string }> = [];

  beforeAll(async () => {
    dovecot = await startDovecot();
    // The bot's SMTP server relays what it is given into the applicant's (alice's) Dovecot mailbox.
    smtp = await startSmtp({ relay: (m) => dovecot.deliver(m.raw, 'alice@example.test', m.from) });
    const { settings } = mailConfig(dovecot, smtp, {
      MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    });
    channel = createMailChannel({
      settings,
      services: {
        store,
        deps: engineDeps,
        clock: () => new Date(),
        logger: createLogger({ level: 'silent' }),
      },
      state,
      watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
    });
    channel.events.on('mail', (o: { action: string; reason?: string }) => outcomes.push(o));
  });
  afterAll(async () => {
    await channel?.stop();
    await smtp?.stop();
    await dovecot?.stop();
    await store.close();
  });

  /** The applicant answers the bot's last mail as Gmail would: new text on top, the bot's mail quoted. */
  async function reply(
    to: ParsedMail | undefined,
    text: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const quoted = (to?.text ?? '')
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    const id = `<reply.${Date.now()}.${Math.random().toString(36).slice(2)}@sakura-shoji.co.jp>`;
    const info = await composer.sendMail({
      from: `山田 太郎 <${APPLICANT}>`,
      to: 'bot@example.test',
      subject: to ? `Re: ${to.subject}` : 'EV SSL証明書の取得申請',
      messageId: id,
      ...(to?.messageId ? { inReplyTo: to.messageId, references: [...to.references, to.messageId] } : {}),
      text: to ? `${text}\n\n2026年11月25日(水) 10:00 EV SSL Bot <bot@example.test>:\n\n${quoted}\n` : text,
      ...extra,
    });
    await dovecot.deliver(info.message as Buffer, 'bot@example.test', APPLICANT);
    return id;
  }

  let sent = 0;
  async function botAnswer(): Promise<ParsedMail> {
    sent += 1;
    return parseMessage((await smtp.nth(sent)).raw);
  }

  describe(`a whole application carried out by email (Dovecot IMAP + SMTP, ${name})`, () => {
    it('runs from the first mail to issuance in one thread, through a server restart, answering no noise', async () => {
      const ids: string[] = [
        await reply(
          undefined,
          'EV SSL証明書の取得申請をお願いします。\n\n山田 太郎\n株式会社さくら商事\nTEL: 03-1234-5678',
        ),
      ];
      let last = await botAnswer();
      expect(last.inReplyTo).toBe(ids[0]);
      const ref = /^\[EV SSL ([0-9A-F]{6})\]/.exec(last.subject)?.[1];
      expect(ref).toBeDefined();
      expect(last.text).toContain(`申請番号 ${ref}`);
      const root = ids[0]!;

      const answers: Array<string | { text: string; attach?: boolean }> = [
        'はい',
        '確認しました',
        '1',
        '開きました',
        csr,
      ];
      const answerAll = async (list: typeof answers) => {
        for (const a of list) {
          const text = typeof a === 'string' ? a : a.text;
          const attach =
            typeof a !== 'string' && a.attach
              ? {
                  attachments: [
                    {
                      filename: '定款.pdf',
                      content: Buffer.from('%PDF-1.4\n%%EOF\n'),
                      contentType: 'application/pdf',
                    },
                  ],
                }
              : {};
          ids.push(await reply(last, text, attach));
          last = await botAnswer();
          expect(last.inReplyTo).toBe(ids.at(-1));
          expect(last.references[0]).toBe(root);
          expect(last.subject.startsWith(`[EV SSL ${ref}]`)).toBe(true);
          expect(last.text).not.toContain('✖');
        }
      };
      await answerAll(answers);
      expect(last.text).toContain('組織名');

      // Noise in the middle: an out-of-office reply, a forged sender, a stranger. None is answered.
      await dovecot.deliver(rawFixture('out-of-office-ja.eml'));
      await dovecot.deliver(rawFixture('forged-dmarc-fail.eml'));
      await dovecot.deliver(
        'From: spam@spam.example\r\nTo: bot@example.test\r\nSubject: hello\r\nMessage-ID: <s1@spam.example>\r\n\r\n取得\r\n',
      );

      while (outcomes.filter((o) => o.action === 'ignored').length < 3) await once(channel.events, 'mail');

      // A reconnect in the middle: the server goes down and comes back; nothing is lost or repeated.
      await dovecot.restart();

      // Step 4 in one mail: several `label: value` lines become one form.
      await answerAll([
        [
          'お世話になっております。',
          '',
          '組織名: Example Trading Co., Ltd.',
          'DUNS番号: １２－３４５－６７８９',
          '氏名: Taro Yamada',
          '役職: President',
          '郵便番号: 〒100-0001',
          '国コード: JP',
          '都道府県: 東京',
          '市区町村: Chiyoda-ku',
          '住所: 1-1-1 Marunouchi, Example Bldg. 5F',
          '電話番号: 03-1234-5678',
          '',
          'よろしくお願いします。',
          '山田',
        ].join('\n'),
      ]);
      expect(last.text).toMatch(/FAX/);
      await answerAll([
        'スキップ',
        'メールアドレス: taro@example.co.jp',
        '1',
        'Example Trading Co.,Ltd.',
        '1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
        '+81 3-1234-5678',
        'パネルで申請しました',
        '完了',
        '完了',
      ]);
      await answerAll([{ text: '完了', attach: true }]);
      expect(last.text).toContain('定款.pdf');
      await answerAll(['完了', '発行された']);
      expect(last.text).toContain('手続きは完了です');

      // One bot mail per applicant mail: the noise got nothing, the restart repeated nothing.
      expect(smtp.messages.length).toBe(ids.length);
      const ignored = outcomes.filter((o) => o.action === 'ignored').map((o) => o.reason);
      expect(ignored.sort()).toEqual(['auth-dmarc=fail', 'auto-submitted', 'unknown-sender']);
      const app = (await store.load(ref!))?.app;
      expect(app?.status).toBe('issued');
      expect(app?.members).toEqual([{ channel: 'email', id: APPLICANT }]);

      // Every bot mail reached the applicant's real mailbox.
      const alice = new ImapFlow({
        host: dovecot.host,
        port: dovecot.imapPort,
        secure: false,
        auth: dovecot.alice,
        logger: false,
      });
      await alice.connect();
      const status = await alice.status('INBOX', { messages: true });
      await alice.logout();
      expect((status || undefined)?.messages).toBe(ids.length);
    });
  });
}
