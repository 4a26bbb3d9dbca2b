import { describe, expect, it } from 'vitest';
import { describeMail } from '../../src/mail/describe-mail.js';
import { extractReplyText } from '../../src/mail/extract-reply.js';
import { parseFixture } from './fixtures.js';

/** What the bot must read from each real client's reply (test/fixtures/mail, one per client). */
const REPLIES: Array<{ file: string; client: string; reply: string; fields: Record<string, string> }> = [
  {
    file: 'gmail-ja-reply.eml',
    client: 'Gmail (ja), base64 + quoted-printable, 2026年11月25日(水) attribution',
    reply:
      'お世話になっております。\n\n役職: President\nDUNS番号: 123456789\n\nよろしくお願いいたします。\n山田',
    fields: { title: 'President', duns: '123456789' },
  },
  {
    file: 'gmail-en-wrapped.eml',
    client: 'Gmail (en), "On … wrote:" wrapped over two lines',
    reply: 'Hi,\n\nOur title is Managing Director.\n\nBest regards,\nJohn',
    fields: {},
  },
  {
    file: 'outlook-ja-reply.eml',
    client: 'Outlook (ja), ISO-2022-JP, 差出人/送信日時 block, framed signature',
    reply: 'EV SSL Bot 様\n\nお世話になっております。さくら商事の山田です。\n役職は President です。',
    fields: { title: 'President' },
  },
  {
    file: 'outlook-en-reply.eml',
    client: 'Microsoft 365 (en), From/Sent/To/Subject block, company signature',
    reply: 'Hello,\n\nDUNS: 123456789\nTitle: General Manager\nPhone: +81 3-1234-5678\n\nKind regards,',
    fields: { duns: '123456789', title: 'General Manager', phone: '+81 3-1234-5678' },
  },
  {
    file: 'thunderbird-ja-reply.eml',
    client: 'Thunderbird (ja), ISO-2022-JP format=flowed, "wrote:" and "-- " signature',
    reply:
      '山田です。\n\n組織名: Sakura Shoji Co., Ltd.\n郵便番号: 100-0001\n住所: 1-1-1 Marunouchi\n\n以上、よろしくお願いします～。',
    fields: {
      organizationName: 'Sakura Shoji Co., Ltd.',
      postalCode: '100-0001',
      address: '1-1-1 Marunouchi',
    },
  },
  {
    file: 'apple-mail-ja-reply.eml',
    client: 'Apple Mail (ja), 「…のメール:」 attribution, full-width colon',
    reply: 'お世話になっております。\n\n役職：President\n\n山田',
    fields: { title: 'President' },
  },
  {
    file: 'docomo-sjis-reply.eml',
    client: 'docomo phone, Shift_JIS with half-width kana, ① and ㈱, ----- Original Message -----',
    reply: 'ﾀｲﾄﾙはPresidentです。①の件は了解しました。㈱さくら商事',
    fields: {},
  },
  {
    file: 'au-iso2022jp-subject-only.eml',
    client: 'au phone, ISO-2022-JP, full-width digits, > quotes',
    reply: 'DUNS：１２３４５６７８９\nです',
    fields: { duns: '１２３４５６７８９' },
  },
  {
    file: 'eucjp-original-message.eml',
    client: 'Becky! (EUC-JP, base64), -----元のメッセージ-----',
    reply: '担当の鈴木です。\n氏名: Hanako Suzuki\n電話番号: 06-1234-5678',
    fields: { name: 'Hanako Suzuki', phone: '06-1234-5678' },
  },
  {
    file: 'html-only-reply.eml',
    client: 'web mailer, HTML only, blockquote',
    reply: 'お世話になります。\n\n役職: CEO\nFAX番号: 03-1234-5679\n\n山田',
    fields: { title: 'CEO', fax: '03-1234-5679' },
  },
];

describe('parse-mail on replies from real clients', () => {
  it.each(REPLIES)('$client', async ({ file, reply, fields }) => {
    const d = describeMail(await parseFixture(file));
    expect(d.kind).toBe('applicant-reply');
    expect(d.replyText).toBe(reply);
    expect(d.fields).toEqual(fields);
    expect(d.subject).toMatch(/\[EV SSL A1B2C3\]/);
  });

  it('decodes the subject, ids and thread of an ISO-2022-JP Outlook mail', async () => {
    const d = describeMail(await parseFixture('outlook-ja-reply.eml'));
    expect(d).toMatchObject({
      from: 'taro.yamada@sakura-shoji.co.jp',
      subject: 'RE: [EV SSL A1B2C3] 役職を教えてください',
      inReplyTo: '<evssl.A1B2C3.3.k2j4h5@example.test>',
      references: ['<CAJx8mQ1rootmsg0001@mail.gmail.com>', '<evssl.A1B2C3.3.k2j4h5@example.test>'],
    });
  });

  it.each([
    ['out-of-office-ja.eml', 'auto-reply', 'auto-submitted'],
    ['outlook-automatic-reply.eml', 'auto-reply', 'out-of-office'],
    ['bounce-dsn.eml', 'auto-reply', 'bounce'],
  ])('classifies %s as %s (%s), with no reply text or fields', async (file, kind, reason) => {
    const d = describeMail(await parseFixture(file));
    expect(d).toMatchObject({ kind, reason, replyText: '', fields: {} });
  });

  it('lists attachments with their decoded names, types and sizes', async () => {
    const d = describeMail(await parseFixture('gmail-pdf-attachment.eml'));
    expect(d.attachments).toEqual([
      { filename: '定款.pdf', contentType: 'application/pdf', size: 193 },
      { filename: 'invoice.exe', contentType: 'application/x-msdownload', size: 25 },
    ]);
    expect(d.replyText).toBe('定款のPDFを添付します。');
  });

  it('calls our own mail "other"', async () => {
    const mail = await parseFixture('gmail-ja-reply.eml');
    expect(describeMail(mail, { botAddresses: ['taro.yamada@sakura-shoji.co.jp'] })).toMatchObject({
      kind: 'other',
      reason: 'own-mail',
    });
  });

  it('lets a recogniser claim a mail first, with its own kind and fields', async () => {
    const mail = await parseFixture('gmail-ja-reply.eml');
    const d = describeMail(mail, {
      recognisers: [
        {
          name: 'test',
          recognise: (m) => (m.subject.includes('役職') ? { kind: 'ca-test', fields: { x: 1 } } : undefined),
        },
      ],
    });
    expect(d).toMatchObject({ kind: 'ca-test', fields: { x: 1 } });
  });
});

describe('the reply splitter', () => {
  it.each([
    [
      'On … wrote: on one line',
      'Yes\n\nOn Tue, Nov 24, 2026 at 9:00 PM Bot <bot@example.test> wrote:\n> q',
      'Yes',
    ],
    [
      'Outlook From/Sent block',
      'OK\nFrom: Bot <bot@example.test>\nSent: Tuesday\nTo: me\nSubject: x\n\nq',
      'OK',
    ],
    ['----- Original Message -----', 'はい\n----- Original Message -----\nFrom: bot', 'はい'],
    ['-----Original Message-----', 'done\n-----Original Message-----\nFrom: bot', 'done'],
    ['"--" signature', '完了\n--\n山田', '完了'],
    [
      'a TEL/company block after a blank line',
      '完了しました\n\n山田 太郎\n株式会社さくら商事\nTEL 03-1234-5678',
      '完了しました',
    ],
    [
      'an answer block is not a signature',
      'DUNS: 123456789\n\n電話番号: 03-1234-5678\n会社名: Sakura Co., Ltd.',
      'DUNS: 123456789\n\n電話番号: 03-1234-5678\n会社名: Sakura Co., Ltd.',
    ],
    ['inline > quotes only', '> what?\nthis', 'this'],
  ])('cuts %s', (_name, text, expected) => {
    expect(extractReplyText(text)).toBe(expected);
  });
});
