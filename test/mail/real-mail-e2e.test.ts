import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { currentQuestion } from '../../src/flow/progress.js';
import type { Application } from '../../src/flow/state.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { Conversation, REGISTRANT, throughCsr } from '../flow/helpers.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { rawFixture } from './fixtures.js';

/**
 * Replies written the way real clients write them (scripts/make-mail-real-fixtures.mjs), delivered over
 * LMTP into a private Dovecot, read by the email channel over IMAP and answered over SMTP: company
 * signatures with confidentiality notices, mobile signatures, Authentication-Results after forwarding,
 * an Exchange non-delivery report, Japanese auto-replies and mail without a Message-ID.
 */
const TARO = 'taro.yamada@sakura-shoji.co.jp';
const BOT = 'bot@example.test';
const state = new MemoryMailState();
const store = new MemoryApplicationStore();
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let channel: MailChannel;
type Outcome = { uid: number; action: string; reason?: string; outboxId?: string; noticeId?: string };
const outcomes: Outcome[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await startSmtp();
  const { settings } = mailConfig(dovecot, smtp, {
    MAIL_FROM: BOT,
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp,customer.co.jp',
  });
  channel = createMailChannel({
    settings,
    services: { store, deps: engineDeps, clock: () => new Date(), logger: createLogger({ level: 'silent' }) },
    state,
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
  channel.events.on('mail', (o: Outcome) => outcomes.push(o));
});
afterAll(async () => {
  await channel?.stop();
  await smtp?.stop();
  await dovecot?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Delivers a fixture as the MTA would (envelope sender `from`) and waits for the channel's outcome. */
async function deliver(name: string, from = TARO): Promise<Outcome> {
  const before = outcomes.length;
  await dovecot.deliver(rawFixture(name), BOT, from);
  for (let i = 0; outcomes.length <= before; i++) {
    if (i > 400) throw new Error(`no outcome for ${name}`);
    await sleep(25);
  }
  return outcomes[before]!;
}

/** The mail the SMTP server accepted for an outbox entry. */
async function sent(outboxId: string | undefined): Promise<ParsedMail> {
  const entry = await state.getOutbox(outboxId ?? '');
  if (!entry) throw new Error('nothing queued');
  for (let i = 0; i < 400; i++) {
    for (const m of smtp.messages) {
      const parsed = await parseMessage(m.raw);
      if (parsed.messageId === entry.messageId) return parsed;
    }
    await sleep(25);
  }
  throw new Error('not sent');
}

/** An application of Taro's, by email, at the question `until` (walked with the real engine). */
async function applicationAt(ref: string, walk: (c: Conversation) => void, until: string) {
  const c = new Conversation('acquire', 'ja');
  walk(c);
  expect(c.question.id).toBe(until);
  const app: Application = { ...structuredClone(c.app), id: ref, members: [{ channel: 'email', id: TARO }] };
  expect(await store.save({ app, expectedVersion: 0 })).toMatchObject({ status: 'saved' });
}
const load = async (ref: string) => (await store.load(ref))!.app;
const at = async (ref: string) => currentQuestion(await load(ref))?.id;

const R = REGISTRANT;
const toStart = (c: Conversation) => {
  c.say('はい');
  c.say('確認しました');
  c.press('articles');
};
const toTitle = (c: Conversation) => {
  throughCsr(c);
  for (const v of [R.organizationName, R.duns, R.name]) c.say(v);
};
const toEmail = (c: Conversation) => {
  toTitle(c);
  for (const v of [
    R.title,
    R.postalCode,
    R.countryCode,
    R.prefecture,
    R.city,
    R.address,
    '03-5555-0123',
    'skip',
  ])
    c.say(v);
};
const toApproval = (c: Conversation) => {
  toEmail(c);
  c.say(R.email);
};
const toDunsPhone = (c: Conversation) => {
  toApproval(c);
  c.say('1');
  c.say(R.organizationName);
  c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
};

describe('company signatures are not answers (Outlook ja, Becky! Shift_JIS)', () => {
  it('「開きました」 above a signature and a confidentiality notice answers the question', async () => {
    await applicationAt('C1A001', toStart, 'start.done');
    const outcome = await deliver('outlook-ja-signature-disclaimer.eml');
    expect(outcome).toMatchObject({ action: 'answered' });
    expect(await at('C1A001')).toBe('csr');
    const answer = await sent(outcome.outboxId);
    expect(answer.text).not.toContain('✖');
    expect(answer.text).toContain('CSR');
    // An answer to the applicant's mail: auto-replied, from the bot by name (MAIL_FROM_NAME's default).
    expect(answer.headers.get('auto-submitted')).toBe('auto-replied');
    expect(answer.from).toEqual({ address: BOT, name: 'EV SSL Bot' });
  });

  it('「メールアドレス：…」 sets the e-mail, and the signature’s TEL never replaces the phone', async () => {
    await applicationAt('C1A002', toEmail, 'field.email');
    const outcome = await deliver('becky-sjis-signature-email.eml');
    expect(outcome).toMatchObject({ action: 'answered' });
    const app = await load('C1A002');
    expect(app.fields.email).toBe('taro@example.co.jp');
    expect(app.fields.phone).toBe('+81355550123');
    expect(await at('C1A002')).toBe('field.approvalEmail');
    expect((await sent(outcome.outboxId)).text).not.toContain('✖');
  });
});

describe('mobile signatures are not answers (iPhone, Outlook for iOS)', () => {
  it('「1」 above 「iPhoneから送信」 picks the first choice', async () => {
    await applicationAt('C1A003', toApproval, 'field.approvalEmail');
    const outcome = await deliver('iphone-ja-choice.eml');
    expect((await sent(outcome.outboxId)).text).not.toContain('✖');
    expect((await load('C1A003')).fields.approvalEmail).toBeDefined();
  });

  it('「+81 3-5555-0123」 above 「iOS 版 Outlook を入手」 is a phone number', async () => {
    await applicationAt('C1A004', toDunsPhone, 'field.dunsPhone');
    const outcome = await deliver('outlook-ios-ja-phone.eml');
    expect((await sent(outcome.outboxId)).text).not.toContain('✖');
    expect((await load('C1A004')).fields.dunsPhone).toBeDefined();
  });
});

describe('Authentication-Results judged as receivers do (RFC 7489)', () => {
  it('applies a Gmail reply whose DMARC passed beside a broken second signature (UTF-8)', async () => {
    await applicationAt('C1A005', toTitle, 'field.title');
    expect(await deliver('gmail-ja-utf8-two-signatures.eml')).toMatchObject({ action: 'answered' });
    expect((await load('C1A005')).fields.title).toBe('President');
  });

  it('applies a Gmail reply re-sent by a forwarding alias: SPF fails, DKIM and DMARC pass (ISO-2022-JP)', async () => {
    await applicationAt('C1A006', toTitle, 'field.title');
    expect(
      await deliver('gmail-ja-iso2022jp-forwarding-alias.eml', 'srs0=x@alias.example.net'),
    ).toMatchObject({ action: 'answered' });
    expect((await load('C1A006')).fields.title).toBe('President');
  });

  it('does not apply a forgery in a member’s name, and tells the member instead of staying silent', async () => {
    await applicationAt('C1A007', toTitle, 'field.title');
    const outcome = await deliver('forged-member-dmarc-fail.eml', 'attacker@evil.example');
    expect(outcome).toMatchObject({ action: 'ignored', reason: 'auth-dmarc=fail' });
    expect((await load('C1A007')).fields.title).toBeUndefined();
    const notice = await sent(outcome.noticeId);
    expect(notice.to.map((a) => a.address)).toEqual([TARO]);
    expect(notice.subject).toContain('[EV SSL C1A007]');
    expect(notice.text).toContain('認証に失敗');
    expect(notice.text).toContain('dmarc=fail');
  });
});

describe('noise is never answered', () => {
  it('an Exchange non-delivery report with a null envelope starts nothing and gets no mail', async () => {
    const before = (await store.list({ status: 'active' })).length;
    const outcome = await deliver('exchange-ndr-ja.eml', '');
    expect(outcome).toMatchObject({ action: 'ignored', reason: 'bounce' });
    expect((await store.list({ status: 'active' })).length).toBe(before);
  });

  it('Japanese out-of-office replies without Auto-Submitted: 「自動応答: Re: …」 and 「不在のお知らせ」', async () => {
    await applicationAt('C1A008', toTitle, 'field.title');
    expect(await deliver('outlook-ja-jidououtou.eml')).toMatchObject({
      action: 'ignored',
      reason: 'out-of-office',
    });
    expect(await deliver('groupware-fuzai-ja.eml')).toMatchObject({
      action: 'ignored',
      reason: 'out-of-office',
    });
    expect((await load('C1A008')).fields.title).toBeUndefined();
  });
});

describe('mail without a Message-ID (a feature phone)', () => {
  it('is answered, once, even when delivered twice', async () => {
    await applicationAt('C1A009', toTitle, 'field.title');
    const first = await deliver('au-no-message-id.eml');
    expect(first).toMatchObject({ action: 'answered' });
    expect((await load('C1A009')).fields.title).toBe('President');
    const answer = await sent(first.outboxId);
    // The derived id names nothing the phone knows: the answer threads on the bot's own mails only.
    expect(answer.inReplyTo).toBeUndefined();
    expect(await deliver('au-no-message-id.eml')).toMatchObject({ action: 'duplicate' });
  });
});

describe('one subject per thread', () => {
  it('every bot mail of an application has the same subject, whatever step it asks', async () => {
    const composer = createTransport({ streamTransport: true, buffer: true });
    let last = await sent((await deliver('new-application-ja.eml')).outboxId);
    const ref = /^\[EV SSL ([0-9A-F]{6})\]/.exec(last.subject)?.[1];
    expect(ref).toBeDefined();
    const subjects = [last.subject];
    for (const text of ['はい', '確認しました', '1', '開きました']) {
      // Gmail's reply: `Re:` and the bot's subject, the bot's mail quoted below the attribution.
      const info = await composer.sendMail({
        from: `山田 太郎 <${TARO}>`,
        to: BOT,
        subject: `Re: ${last.subject}`,
        messageId: `<CAJx8mQ.${Date.now()}.${Math.random().toString(36).slice(2)}@mail.gmail.com>`,
        inReplyTo: last.messageId!,
        references: [...last.references, last.messageId!],
        text: `${text}\n\n2026年11月25日(水) 10:00 EV SSL Bot <${BOT}>:\n\n${last.text
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n`,
      });
      const outcome = await deliverRaw(info.message as Buffer);
      last = await sent(outcome.outboxId);
      subjects.push(last.subject);
    }
    expect(new Set(subjects)).toEqual(new Set([`[EV SSL ${ref}] EV SSL証明書の申請`]));
    // The step and the question are in the body instead.
    expect(last.text).toContain('【3/9】');
  });
});

async function deliverRaw(raw: Buffer): Promise<Outcome> {
  const before = outcomes.length;
  await dovecot.deliver(raw, BOT, TARO);
  for (let i = 0; outcomes.length <= before; i++) {
    if (i > 400) throw new Error('no outcome');
    await sleep(25);
  }
  return outcomes[before]!;
}
