import { describe, expect, it } from 'vitest';
import { authVerdict } from '../../src/camail/auth-verdict.js';
import { DEFAULT_CA_SENDER_DOMAINS } from '../../src/camail/ca-domains.js';
import { judgeAuthResults, relaxedAligned } from '../../src/mail/auth-results.js';
import { classifyMail, headerText } from '../../src/mail/classify-mail.js';
import { extractReplyText } from '../../src/mail/extract-reply.js';
import { parseMessage, withMessageId } from '../../src/mail/parse-message.js';
import { answerableFields, replyEvent } from '../../src/mail/reply-event.js';
import { Conversation, REGISTRANT, throughCsr } from '../flow/helpers.js';
import { parseFixture } from './fixtures.js';

describe('extractReplyText: signatures', () => {
  it.each([
    'Sent from my iPhone',
    'iPhoneから送信',
    'Android版Outlookから送信',
    'iOS 版 Outlook を入手',
    'Get Outlook for iOS',
    'ドコモメールから送信',
    'Sent from Outlook for Android',
  ])('drops the mobile signature %s', (sig) => {
    expect(extractReplyText(`1\n\n${sig}\n`)).toBe('1');
    expect(extractReplyText(`+81 3-5555-0123\n${sig}`)).toBe('+81 3-5555-0123');
  });

  it('drops a company signature followed by a confidentiality notice', () => {
    const text =
      '開きました\n\n株式会社さくら商事 総務部\n山田 太郎\nTEL: 03-9999-8888\n\nこのメールには機密情報が含まれています。誤って受信された場合は削除してください。\n';
    expect(extractReplyText(text)).toBe('開きました');
  });

  it('keeps answers whose lines look like contact data, and the first paragraph always', () => {
    expect(extractReplyText('電話番号: 03-1234-5678\nFAX: 03-1234-5679')).toBe(
      '電話番号: 03-1234-5678\nFAX: 03-1234-5679',
    );
    const form = 'お世話になっております。\n\n組織名: 株式会社さくら\n電話番号: 03-1234-5678\n\n山田';
    expect(extractReplyText(form)).toBe(form);
    const intro =
      'お世話になります。\n\n株式会社さくら商事の山田です（TEL 03-1234-5678）。\n\n役職: President';
    expect(extractReplyText(intro)).toBe(intro);
  });
});

describe('replyEvent: label lines only for what the step asks', () => {
  it('reads no label lines outside step 4, and never overwrites a field given before', () => {
    const c = new Conversation();
    c.say('はい');
    expect(replyEvent('TEL: 03-9999-8888', { app: c.app })).toEqual({
      type: 'text',
      text: 'TEL: 03-9999-8888',
    });
    const d = new Conversation();
    throughCsr(d);
    for (const v of Object.values(REGISTRANT).slice(0, 11)) d.say(v);
    expect(d.question.id).toBe('field.email');
    expect(answerableFields(d.app).has('phone')).toBe(false);
    expect(replyEvent('メールアドレス：a@example.co.jp\nTEL: 03-9999-8888', { app: d.app })).toEqual({
      type: 'form',
      values: { email: 'a@example.co.jp' },
    });
  });
});

describe('judgeAuthResults (RFC 7489)', () => {
  const from = (d: string | undefined) => relaxedAligned(d, 'sakura-shoji.co.jp');
  it.each([
    ['mx; dkim=pass header.d=sakura-shoji.co.jp; dkim=fail header.d=gw.example; dmarc=pass', 'pass'],
    [
      'mx; spf=fail smtp.mailfrom=sakura-shoji.co.jp; dkim=pass header.d=sakura-shoji.co.jp; dmarc=pass',
      'pass',
    ],
    ['mx; spf=fail; dkim=pass header.d=mail.sakura-shoji.co.jp', 'pass'],
    ['mx; spf=fail; dkim=none; arc=pass', 'pass'],
    ['mx; spf=pass smtp.mailfrom=sakura-shoji.co.jp; dkim=fail; dmarc=fail', 'fail'],
    ['mx; spf=fail; dkim=none; dmarc=none', 'fail'],
    ['mx; dkim=pass header.d=esp.example; spf=fail', 'none'],
    ['mx; spf=none', 'none'],
  ])('%s → %s', (header, verdict) => {
    expect(judgeAuthResults(header, from).verdict).toBe(verdict);
  });

  it('trusts a CA mail on DMARC or the CA’s own DKIM, whatever SPF says', () => {
    const d = DEFAULT_CA_SENDER_DOMAINS;
    expect(authVerdict('mx; spf=fail; dkim=pass header.d=sectigo.com; dmarc=pass', d)).toEqual({
      type: 'pass',
      method: 'dmarc',
    });
    expect(authVerdict('mx; spf=fail; dkim=pass header.d=sectigo.com', d)).toEqual({
      type: 'pass',
      method: 'dkim',
    });
    expect(authVerdict('mx; dkim=pass header.d=evil.example; spf=fail', d)).toEqual({ type: 'no-pass' });
  });
});

describe('classifyMail: bounces and Japanese out-of-office subjects', () => {
  it('keeps structured header parameters and reads a null Return-Path', async () => {
    const mail = await parseMessage(
      'Return-Path: <>\r\nFrom: a@customer.co.jp\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n',
    );
    expect(headerText(mail, 'return-path')).toBe('<>');
    expect(headerText(mail, 'content-type')).toMatch(/^multipart\/report; report-type=delivery-status/);
    expect(classifyMail(mail)).toEqual({ kind: 'auto-reply', reason: 'bounce' });
    expect(classifyMail(await parseFixture('exchange-ndr-ja.eml'))).toEqual({
      kind: 'auto-reply',
      reason: 'bounce',
    });
  });

  it.each([
    ['自動応答: Re: [EV SSL A1B2C3] EV SSL証明書の申請', 'out-of-office'],
    ['不在のお知らせ', 'out-of-office'],
    ['【自動返信】お問い合わせありがとうございます', 'out-of-office'],
    ['自動返信：Re: 申請', 'out-of-office'],
    ['Automatic reply: Re: [EV SSL A1B2C3]', 'out-of-office'],
    ['Re: [EV SSL A1B2C3] 不在時の連絡先について', undefined],
    ['不在者投票の件', undefined],
  ])('%s', async (subject, reason) => {
    const mail = await parseMessage(`From: a@sakura-shoji.co.jp\r\nSubject: ${subject}\r\n\r\nx\r\n`);
    const cls = classifyMail(mail);
    expect(cls.kind === 'applicant-reply' ? undefined : cls.reason).toBe(reason);
  });
});

describe('withMessageId', () => {
  it('derives the same id for the same mail, and another for another', async () => {
    const a = withMessageId(await parseFixture('au-no-message-id.eml'));
    const b = withMessageId(await parseFixture('au-no-message-id.eml'));
    expect(a.messageId).toMatch(/^<derived\.[0-9a-f]{32}@evssl-bot\.invalid>$/);
    expect(a.messageIdDerived).toBe(true);
    expect(b.messageId).toBe(a.messageId);
    const other = await parseMessage('From: a@b.example\r\nSubject: x\r\n\r\nanother\r\n');
    expect(withMessageId(other).messageId).not.toBe(a.messageId);
    const own = await parseFixture('gmail-ja-reply.eml');
    expect(withMessageId(own)).toBe(own);
  });
});
