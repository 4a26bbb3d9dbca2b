import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { currentQuestion } from '../../src/flow/progress.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { atReview, CODES, camailFixture } from './helpers.js';

const APPLICANT = 'taro@example.co.jp';
const composer = createTransport({ streamTransport: true, buffer: true });
const store = new MemoryApplicationStore();
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let channel: MailChannel;

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await startSmtp();
  const { settings } = mailConfig(dovecot, smtp, {
    MAIL_ALLOWED_DOMAINS: 'example.co.jp',
  });
  channel = createMailChannel({
    settings,
    services: { store, deps: engineDeps, clock: () => new Date(), logger: createLogger({ level: 'silent' }) },
    state: new MemoryMailState(),
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
});
afterAll(async () => {
  await channel?.stop();
  await smtp?.stop();
  await dovecot?.stop();
});

let sent = 0;
async function botMail(): Promise<ParsedMail> {
  sent += 1;
  return parseMessage((await smtp.nth(sent)).raw);
}

async function applicantSays(text: string, to?: ParsedMail): Promise<void> {
  const info = await composer.sendMail({
    from: `山田 太郎 <${APPLICANT}>`,
    to: 'bot@example.test',
    subject: to ? `Re: ${to.subject}` : 'EV SSL証明書の取得申請',
    messageId: `<a.${Date.now()}.${Math.random().toString(36).slice(2)}@example.co.jp>`,
    ...(to?.messageId ? { inReplyTo: to.messageId, references: [...to.references, to.messageId] } : {}),
    text,
  });
  await dovecot.deliver(info.message as Buffer, 'bot@example.test', APPLICANT);
}

describe('CA mails through the email channel (Dovecot IMAP + SMTP)', () => {
  it('carries an application from step 5 to issuance on the CA mails, in the applicant’s thread', async () => {
    await applicantSays('EV SSL証明書の取得申請をお願いします。');
    const first = await botMail();
    const ref = /^\[EV SSL ([0-9A-F]{6})\]/.exec(first.subject)![1]!;
    // Steps 1-4 are the email engineer's tests: the stored application is put at the review here.
    const stored = (await store.load(ref))!;
    const app = { ...structuredClone(atReview().app), id: ref, members: stored.app.members };
    expect(await store.save({ app, expectedVersion: stored.version })).toMatchObject({ status: 'saved' });

    // Step 5: CloudSecure's approval mail lands in the watched mailbox (the approval address forwards).
    await dovecot.deliver(
      camailFixture('cloudsecure-approval-en-qp.eml'),
      'bot@example.test',
      'bounce@cloudsecure.co.jp',
    );
    let mail = await botMail();
    expect(mail.to.map((a) => a.address)).toEqual([APPLICANT]);
    expect(mail.subject.startsWith(`[EV SSL ${ref}]`)).toBe(true);
    expect(mail.references[0]).toBe(first.references[0] ?? first.inReplyTo);
    expect(mail.text).toContain(CODES.approval);
    expect(mail.text).toContain(
      'https://approval.cloudsecure.co.jp/ev/confirm?order=1234567&token=Q7fKx2LmN9pR4sT6vW8yZ0',
    );
    expect(currentQuestion((await store.load(ref))!.app)?.id).toBe('wait.verification');

    // A lookalike sender: the applicant is warned, nothing changes.
    await dovecot.deliver(camailFixture('forged-lookalike-sectigo.eml'));
    mail = await botMail();
    expect(mail.text).toMatch(/なりすまし/);
    expect(mail.text).not.toContain(CODES.agreement);
    expect(currentQuestion((await store.load(ref))!.app)?.id).toBe('wait.verification');

    // Step 6: the applicant forwards Sectigo's agreement mail (Gmail inline forward).
    await dovecot.deliver(camailFixture('gmail-forward-agreement-ja.eml'), 'bot@example.test', APPLICANT);
    mail = await botMail();
    expect(mail.text).toContain(CODES.agreement);
    expect(mail.text).toMatch(/FirstName[\s\S]*Taro/);
    expect(mail.text).toContain('I ACCEPT');
    let now = (await store.load(ref))!.app;
    expect(currentQuestion(now)?.id).toBe('wait.agreement');
    expect(now.ca?.approvalCode).toBeUndefined();

    // The applicant accepts on Sectigo's page themselves and says so: the agreement code is deleted.
    await applicantSays('完了', mail);
    mail = await botMail();
    now = (await store.load(ref))!.app;
    expect(currentQuestion(now)?.id).toBe('wait.documents');
    expect(now.ca?.agreementCode).toBeUndefined();

    // Steps 8 and 9: the callback arrangement, then XServer's notice that the certificate is issued.
    await dovecot.deliver(camailFixture('sectigo-callback-en.eml'));
    mail = await botMail();
    expect(mail.text).toContain('Tue, 1 Dec 2026 14:00 JST');
    expect(currentQuestion((await store.load(ref))!.app)?.id).toBe('wait.callback');
    await dovecot.deliver(camailFixture('xserver-issued-ja.eml'));
    mail = await botMail();
    expect(mail.text).toContain('証明書ダウンロード');
    expect(currentQuestion((await store.load(ref))!.app)?.id).toBe('wait.issuance');

    await applicantSays('発行された', mail);
    await botMail();
    const done = (await store.load(ref))!.app;
    expect(done.status).toBe('issued');
    expect(done.ca?.approvalCode ?? done.ca?.agreementCode).toBeUndefined();
  }, 60_000);
});
