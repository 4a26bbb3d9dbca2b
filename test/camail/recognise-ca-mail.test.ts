import { describe, expect, it } from 'vitest';
import { authVerdict } from '../../src/camail/auth-verdict.js';
import { DEFAULT_CA_SENDER_DOMAINS, isExpectedDomain, isLookalike } from '../../src/camail/ca-domains.js';
import { recogniseCaMail, recogniseCaText } from '../../src/camail/recognise-ca-mail.js';
import { unwrapForward } from '../../src/camail/unwrap-forward.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { CODES, DOMAIN, ORDER, parseCaFixture } from './helpers.js';

const DCV_URL = `https://secure.sectigo.com/products/EnterpriseDCV?orderNumber=${ORDER}&dcvCode=start&lang=en`;
const AGREE_URL = `https://secure.sectigo.com/products/EVClickThrough?orderNumber=${ORDER}&subscriberAgreement=1`;
const APPROVE_URL = `https://approval.cloudsecure.co.jp/ev/confirm?order=${ORDER}&token=Q7fKx2LmN9pR4sT6vW8yZ0`;

/** Every genuine fixture: kind, how it arrived, what it carries, and the trust verdict. */
const GENUINE = [
  [
    'cloudsecure-approval-en-qp.eml',
    'approval-request',
    'mailbox',
    APPROVE_URL,
    CODES.approval,
    'dmarc=pass',
  ],
  [
    'cloudsecure-approval-ja-jis.eml',
    'approval-request',
    'mailbox',
    APPROVE_URL,
    CODES.approval,
    'sender-domain',
  ],
  [
    'outlook-fw-approval-en.eml',
    'approval-request',
    'forwarded',
    APPROVE_URL,
    CODES.approval,
    'forwarded-sender',
  ],
  [
    'sectigo-dcv-qp.eml',
    'dcv',
    'mailbox',
    `${DCV_URL}&utm_source=dcv-email-reminder-long-parameter`,
    CODES.dcv,
    'dmarc=pass',
  ],
  [
    'comodo-dcv-html-only.eml',
    'dcv',
    'mailbox',
    DCV_URL.replace('secure.sectigo.com', 'secure.comodo.com'),
    CODES.dcv,
    'sender-domain',
  ],
  ['outlook-forward-dcv-ja.eml', 'dcv', 'forwarded', DCV_URL, CODES.dcv, 'forwarded-sender'],
  [
    'sectigo-agreement-plain.eml',
    'subscriber-agreement',
    'mailbox',
    AGREE_URL,
    CODES.agreement,
    'dmarc=pass',
  ],
  [
    'sectigo-agreement-html-qp.eml',
    'subscriber-agreement',
    'mailbox',
    AGREE_URL,
    CODES.agreement,
    'dmarc=pass',
  ],
  [
    'gmail-forward-agreement-ja.eml',
    'subscriber-agreement',
    'forwarded',
    AGREE_URL,
    CODES.agreement,
    'forwarded-sender',
  ],
  [
    'attached-rfc822-agreement.eml',
    'subscriber-agreement',
    'attached',
    AGREE_URL,
    CODES.agreement,
    'dmarc=pass',
  ],
] as const;

describe('recogniseCaMail: the verification and agreement mails in every wrapping', () => {
  it.each(GENUINE)(
    '%s is %s (%s) with its URL, code, order and domain',
    async (file, kind, via, url, code, reason) => {
      const hit = recogniseCaMail(await parseCaFixture(file));
      expect(hit?.via).toBe(via);
      expect(hit?.facts).toMatchObject({
        kind,
        url,
        verificationCode: code,
        orderNumber: ORDER,
        domain: DOMAIN,
        trusted: true,
        trustReason: reason,
      });
    },
  );
});

describe('recogniseCaMail: documents, callback and issuance', () => {
  it.each([
    [
      'cloudsecure-documents-request-ja.eml',
      { kind: 'documents', documents: 'requested', orderNumber: ORDER },
    ],
    [
      'cloudsecure-documents-rejected-en.eml',
      { kind: 'documents', documents: 'rejected', orderNumber: ORDER },
    ],
    ['sectigo-callback-en.eml', { kind: 'callback', callbackAt: 'Tue, 1 Dec 2026 14:00 JST' }],
    ['cloudsecure-callback-ja.eml', { kind: 'callback', callbackAt: '2026年12月1日（火）14:00' }],
    ['xserver-issued-ja.eml', { kind: 'certificate-issued', domain: DOMAIN, senderDomain: 'xserver.ne.jp' }],
  ])('%s', async (file, expected) => {
    const hit = recogniseCaMail(await parseCaFixture(file));
    expect(hit?.facts).toMatchObject({ ...expected, trusted: true });
    expect(hit?.facts.verificationCode).toBeUndefined();
  });
});

describe('recogniseCaMail: forged and lookalike senders are never trusted', () => {
  it.each([
    ['forged-lookalike-sectigo.eml', 'lookalike-sender'],
    ['forged-dmarc-fail-sectigo.eml', 'auth-fail:dmarc=fail'],
    ['gmail-forward-homoglyph.eml', 'lookalike-sender'],
  ])('%s → %s', async (file, reason) => {
    const hit = recogniseCaMail(await parseCaFixture(file));
    expect(hit?.facts).toMatchObject({ trusted: false, trustReason: reason });
  });

  const mail = (
    from: string,
    auth: string | undefined,
    body: string,
    subject = `ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}`,
  ) =>
    parseMessage(
      [
        ...(auth ? [`Authentication-Results: mx.example.co.jp; ${auth}`] : []),
        `From: ${from}`,
        'To: admin@example.co.jp',
        `Subject: ${subject}`,
        'Message-ID: <x@example>',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        body,
      ].join('\r\n'),
    );
  const body = `Go to ${DCV_URL}\r\nand enter the validation code: ${CODES.dcv}\r\n`;

  it('a DKIM pass by another domain does not vouch for a Sectigo From', async () => {
    const hit = recogniseCaMail(
      await mail('noreply@sectigo.com', 'dkim=pass header.d=mailer.example; spf=pass', body),
    );
    expect(hit?.facts).toMatchObject({ trusted: false, trustReason: 'auth-no-pass' });
  });

  it('a DKIM pass by Sectigo is trusted, a link to another host is not', async () => {
    const ok = recogniseCaMail(await mail('noreply@sectigo.com', 'dkim=pass header.d=sectigo.com', body));
    expect(ok?.facts).toMatchObject({ trusted: true, trustReason: 'dkim=pass' });
    const bad = recogniseCaMail(
      await mail(
        'noreply@sectigo.com',
        'dmarc=pass',
        body.replace('secure.sectigo.com', 'secure-sectigo.example'),
      ),
    );
    expect(bad?.facts).toMatchObject({ trusted: false, trustReason: 'unexpected-url-host' });
  });

  it('a CA-looking mail from an unrelated domain is not claimed (strangers are ignored by the mail pipeline)', async () => {
    expect(recogniseCaMail(await mail('support@cert-desk.example', undefined, body))).toBeUndefined();
  });

  it('an applicant’s Outlook reply quoting the bot’s notice (URL and code) stays a reply', async () => {
    const quoted = `完了\r\n\r\n________________________________\r\n差出人: EV SSL Bot <bot@example.test>\r\n送信日時: 2026年11月25日 20:00\r\n宛先: taro@example.co.jp\r\n件名: [EV SSL A1B2C3] 利用契約\r\n\r\nセクティゴ社の「利用契約同意確認メール」が届きました。\r\n開くURL: https://secure.sectigo.com/products/EVClickThrough?orderNumber=${ORDER}\r\nverification code: ${CODES.agreement}\r\n`;
    const hit = recogniseCaMail(
      await mail('taro@example.co.jp', 'dmarc=pass', quoted, 'RE: [EV SSL A1B2C3] 利用契約'),
    );
    expect(hit).toBeUndefined();
  });

  it('an applicant merely mentioning the agreement mail is not claimed', async () => {
    const hit = recogniseCaMail(
      await mail(
        'taro@example.co.jp',
        undefined,
        'The subscriber agreement mail came, I accepted it. Done.',
        'Re: [EV SSL A1B2C3] step 6',
      ),
    );
    expect(hit).toBeUndefined();
  });
});

describe('sender domains', () => {
  it.each([
    ['sectigo.com', true, false],
    ['mail.sectigo.com', true, false],
    ['comodoca.com', true, false],
    ['cloudsecure.co.jp', true, false],
    ['sectigo.com.evil.example', false, true],
    ['sectigo-support.com', false, true],
    ['sect1go.com', false, true],
    ['sectiqo.com', false, true],
    ['cloudsecur.co.jp', false, true],
    ['c0m0d0ca.com', false, true],
    ['xserver-support.net', false, true],
    ['example.co.jp', false, false],
    ['gmail.com', false, false],
  ])('%s: expected %s, lookalike %s', (domain, expected, lookalike) => {
    expect(isExpectedDomain(domain, DEFAULT_CA_SENDER_DOMAINS)).toBe(expected);
    expect(isLookalike(domain, DEFAULT_CA_SENDER_DOMAINS)).toBe(lookalike);
  });

  it('reads the Authentication-Results verdict', () => {
    const d = DEFAULT_CA_SENDER_DOMAINS;
    expect(authVerdict(undefined, d)).toEqual({ type: 'absent' });
    expect(authVerdict('mx; dmarc=pass header.from=sectigo.com', d)).toEqual({
      type: 'pass',
      method: 'dmarc',
    });
    expect(authVerdict('mx; spf=pass; dkim=fail header.d=sectigo.com; dmarc=fail', d)).toEqual({
      type: 'fail',
      reason: 'dmarc=fail',
    });
    expect(authVerdict('mx; spf=pass smtp.mailfrom=sectigo.com', d)).toEqual({ type: 'no-pass' });
  });
});

describe('pasted text (Slack, console)', () => {
  const pasted = `---------- Forwarded message ---------
From: Sectigo Validation <validation@sectigo.com>
Date: Wed, Nov 25, 2026 at 8:00 PM
Subject: Sectigo EV Subscriber Agreement - Order #${ORDER}
To: <taro@example.co.jp>

Before we can process this request we must obtain a signed EV Subscriber Agreement.
Verification Code: ${CODES.agreement}
${AGREE_URL}`;

  it('is recognised but never trusted', () => {
    expect(recogniseCaText(pasted)).toMatchObject({
      kind: 'subscriber-agreement',
      url: AGREE_URL,
      verificationCode: CODES.agreement,
      trusted: false,
      trustReason: 'pasted',
    });
  });

  it('without headers too, and a visible lookalike sender gives it away', () => {
    const body = pasted.split('\n').slice(6).join('\n');
    expect(recogniseCaText(body)).toMatchObject({ kind: 'subscriber-agreement', trustReason: 'pasted' });
    expect(
      recogniseCaText(pasted.replace('validation@sectigo.com', 'validation@sectigo-mail.com')),
    ).toMatchObject({
      trusted: false,
      trustReason: 'lookalike-sender',
    });
  });

  it('ordinary answers are not CA mails', () => {
    for (const text of ['完了', 'done', '利用契約に同意しました', 'https://example.co.jp を開きました']) {
      expect(recogniseCaText(text)).toBeUndefined();
    }
  });

  it('unwraps Outlook, Thunderbird and quoted Apple Mail forwards', () => {
    expect(
      unwrapForward(
        'FYI\n\nFrom: Sectigo [mailto:a@sectigo.com]\nSent: Monday\nTo: b@x.jp\nSubject: S\n\nBody',
      ),
    ).toEqual({
      from: 'a@sectigo.com',
      subject: 'S',
      body: 'Body',
    });
    expect(
      unwrapForward(
        '-------- Forwarded Message --------\nSubject: S\nDate: Mon\nFrom: Sectigo <a@sectigo.com>\nTo: b@x.jp\n\nBody',
      ),
    ).toMatchObject({ from: 'a@sectigo.com', subject: 'S', body: 'Body' });
    expect(
      unwrapForward(
        'Begin forwarded message:\n\n> From: Sectigo <a@sectigo.com>\n> Subject: S\n> Date: Mon\n>\n> Body',
      ),
    ).toMatchObject({ from: 'a@sectigo.com', body: 'Body' });
  });
});
