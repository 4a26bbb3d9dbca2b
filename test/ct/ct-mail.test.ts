import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { Notifiers, notifierOf } from '../../src/camail/notify.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { MemoryCtState } from '../../src/ct/ct-state.js';
import { CtWatch } from '../../src/ct/ct-watch.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { atReview } from '../camail/helpers.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

const APPLICANT = 'taro@example.co.jp';
const composer = createTransport({ streamTransport: true, buffer: true });
const store = new MemoryApplicationStore();
const services: TurnServices = {
  store,
  deps: engineDeps,
  clock: () => new Date(),
  logger: createLogger({ level: 'silent' }),
  notifiers: new Notifiers(),
};
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
    services,
    state: new MemoryMailState(),
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
});
afterAll(async () => {
  await channel?.stop();
  await smtp?.stop();
  await dovecot?.stop();
});

describe('an issuance seen in CT, for an application that lives in email (Dovecot IMAP + SMTP)', () => {
  it('is mailed to the applicant in the application’s own thread', async () => {
    const info = await composer.sendMail({
      from: `山田 太郎 <${APPLICANT}>`,
      to: 'bot@example.test',
      subject: 'EV SSL証明書の取得申請',
      messageId: `<ct.${Date.now()}@example.co.jp>`,
      text: 'EV SSL証明書の取得申請をお願いします。',
    });
    await dovecot.deliver(info.message as Buffer, 'bot@example.test', APPLICANT);
    const first = await parseMessage((await smtp.nth(1)).raw);
    const ref = /\[EV SSL ([0-9A-F]{6})\]/.exec(first.subject)?.[1] ?? `(${first.subject})`;
    // Steps 1-4 belong to the email tests: the application is put past step 4 (submitted) here.
    expect(ref).toMatch(/^[0-9A-F]{6}$/);
    const stored = (await store.load(ref))!;
    const base = structuredClone(atReview().app);
    const app = {
      ...base,
      id: ref,
      members: stored.app.members,
      answers: { ...base.answers, review: '2026-11-25T01:00:00.000Z' },
    };
    expect(await store.save({ app, expectedVersion: stored.version })).toMatchObject({ status: 'saved' });

    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: notifierOf(services),
      alert: async () => false,
      logger: services.logger,
    });
    const r = await watch.receive([
      {
        id: '1',
        tbsSha256: 'c'.repeat(64),
        pubkeySha256: app.csr!.publicKeyFingerprint,
        dnsNames: ['www.example.co.jp'],
        issuer: 'Sectigo',
        issuerCaaDomains: ['sectigo.com'],
        notBefore: '2026-11-26T00:00:00Z',
        notAfter: '2027-12-27T23:59:59Z',
      },
    ]);
    expect(r.issuedPerCt).toBe(1);
    const mail: ParsedMail = await parseMessage((await smtp.nth(2)).raw);
    expect(mail.to.map((a) => a.address)).toEqual([APPLICANT]);
    expect(mail.subject.startsWith(`[EV SSL ${ref}]`)).toBe(true);
    expect(mail.references[0]).toBe(first.references[0] ?? first.inReplyTo);
    expect(mail.text).toMatch(/Certificate Transparency/);
  });
});
