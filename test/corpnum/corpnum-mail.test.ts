import { createTransport } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningChannel } from '../../src/app/running-channel.js';
import { type AppServices, createServices } from '../../src/app/services.js';
import { startMailChannel } from '../../src/mail/mail-channel.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { FakeNta, TOYOTA } from './fake-nta.js';

// Issue 18: the corporate number "visible in every channel (…, email thread, …)". The email channel as
// main starts it (startMailChannel on createServices: the NTA client comes from the configuration),
// reading a real Dovecot mailbox over IMAP and answering over SMTP; the NTA is a local fake.
const APPLICANT = 'taro@sakura-shoji.co.jp';
const composer = createTransport({ streamTransport: true, buffer: true });
const nta = new FakeNta([TOYOTA]);
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let services: AppServices;
let channel: RunningChannel | undefined;

beforeAll(async () => {
  const ntaUrl = await nta.start();
  dovecot = await startDovecot();
  smtp = await startSmtp();
  const { config } = mailConfig(dovecot, smtp, {
    STORE: 'memory',
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    NTA_APP_ID: 'test-app-id',
    NTA_API_URL: ntaUrl,
  });
  services = await createServices(config, pino({ level: 'silent' }));
  channel = await startMailChannel(config, services);
}, 60_000);
afterAll(async () => {
  await channel?.stop();
  await services?.store.close();
  await smtp?.stop();
  await dovecot?.stop();
  await nta.stop();
});

/** The applicant's mail (a reply to the bot's last one when given, quoting it as a mail client does). */
async function send(to: ParsedMail | undefined, text: string): Promise<void> {
  const quoted = (to?.text ?? '')
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  const info = await composer.sendMail({
    from: `山田 太郎 <${APPLICANT}>`,
    to: 'bot@example.test',
    subject: to ? `Re: ${to.subject}` : 'EV SSL証明書の取得申請',
    messageId: `<m.${Date.now()}.${Math.random().toString(36).slice(2)}@sakura-shoji.co.jp>`,
    ...(to?.messageId ? { inReplyTo: to.messageId, references: [...to.references, to.messageId] } : {}),
    text: to ? `${text}\n\n2026年11月25日(水) 10:00 EV SSL Bot <bot@example.test>:\n\n${quoted}\n` : text,
  });
  await dovecot.deliver(info.message as Buffer, 'bot@example.test', APPLICANT);
}

let answered = 0;
async function botAnswer(): Promise<ParsedMail> {
  answered += 1;
  return parseMessage((await smtp.nth(answered)).raw);
}

describe('email: the corporate number (NTA_APP_ID) in the thread', () => {
  it('asks it in step 1, looks it up in the NTA registry and mails the registered name and address with the NTA notice', async () => {
    await send(undefined, 'EV SSL証明書の取得申請をお願いします。\n\n山田 太郎\n株式会社さくら商事');
    let last = await botAnswer();
    const ref = /^\[EV SSL ([0-9A-F]{6})\]/.exec(last.subject)?.[1];
    expect(ref).toBeDefined();
    for (const a of ['はい', '確認しました', '1']) {
      await send(last, a);
      last = await botAnswer();
    }
    expect(last.text).toContain('法人番号');

    await send(last, TOYOTA.corporateNumber);
    last = await botAnswer();
    expect(last.subject.startsWith(`[EV SSL ${ref}]`)).toBe(true);
    expect(last.text).toContain(
      `法人番号 ${TOYOTA.corporateNumber} を国税庁の法人番号公表サイトで照会しています`,
    );
    for (let i = 0; i < 250 && nta.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(nta.requests.map((u) => u.searchParams.get('number'))).toEqual([TOYOTA.corporateNumber]);
    await new Promise((r) => setTimeout(r, 100)); // the answer lands in the cache

    // The summary mail, in the same thread: the registry's record beside what was typed, and the notice.
    await send(last, 'まとめ');
    last = await botAnswer();
    expect(last.subject.startsWith(`[EV SSL ${ref}]`)).toBe(true);
    expect(last.text).toContain('国税庁 法人番号公表サイトの登録（参考）');
    expect(last.text).toContain(TOYOTA.name);
    expect(last.text).toContain('愛知県豊田市トヨタ町１番地');
    expect(last.text).toContain('471-8571');
    expect(last.text).toContain('国税庁によって保証されたものではない');
    expect(last.html ?? '').toContain(TOYOTA.name);
    expect(nta.requests).toHaveLength(1);
  }, 60_000);
});
