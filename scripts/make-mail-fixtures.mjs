#!/usr/bin/env node
// Regenerates the .eml fixtures under test/fixtures/mail/: replies as Gmail, Outlook, Thunderbird, Apple
// Mail, Japanese carriers and old Japanese clients write them, with their headers, MIME structure and
// transfer encodings. Japanese legacy charsets are really encoded with the system iconv (glibc):
// ISO-2022-JP, Shift_JIS (CP932: ①, ㈱, half-width kana) and EUC-JP.
//
// Usage: node scripts/make-mail-fixtures.mjs   (from the repository root)
import {
  APPLICANT,
  BOT,
  b64,
  crlf,
  encode,
  OUR_ID,
  QUOTE_JA,
  qp,
  qpBytes,
  REF,
  ROOT_ID,
  SUBJECT_JA,
  word,
  write,
} from './mail-fixture-mime.mjs';
import './mail-fixtures-noise.mjs';

// --- Gmail, Japanese UI: multipart/alternative, UTF-8 base64 text and quoted-printable HTML -------------
{
  const reply =
    'お世話になっております。\n\n役職: President\nDUNS番号: 123456789\n\nよろしくお願いいたします。\n山田';
  const attribution = `2026年11月25日(水) 10:00 EV SSL Bot <${BOT}>:`;
  const text = `${reply}\n\n${attribution}\n\n${QUOTE_JA.map((l) => `> ${l}`).join('\n')}\n`;
  const html = `<div dir="ltr"><div>お世話になっております。</div><div><br></div><div>役職: President</div><div>DUNS番号: 123456789</div><div><br></div><div>よろしくお願いいたします。</div><div>山田</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${attribution.replace(/</g, '&lt;').replace(/>/g, '&gt;')}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${QUOTE_JA.join('<br>')}</blockquote></div>\n`;
  write(
    'gmail-ja-reply.eml',
    `MIME-Version: 1.0
Date: Wed, 25 Nov 2026 10:05:12 +0900
References: ${ROOT_ID} ${OUR_ID}
In-Reply-To: ${OUR_ID}
Message-ID: <CAJx8mQ3gmailja0002@mail.gmail.com>
Subject: ${word(`Re: ${SUBJECT_JA}`)}
From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <${APPLICANT}>
To: EV SSL Bot <${BOT}>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"`,
    `--000000000000a1b2c3d4e5f60718
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(text)))}
--000000000000a1b2c3d4e5f60718
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

${qp(html)}
--000000000000a1b2c3d4e5f60718--
`,
  );
}

// --- Gmail, English UI: attribution wrapped over two lines, quoted-printable --------------------------
{
  const text = `Hi,\n\nOur title is Managing Director.\n\nBest regards,\nJohn\n\nOn Wed, Nov 25, 2026 at 10:00 AM EV SSL Bot <\n${BOT}> wrote:\n\n> Thank you. What is the applicant's job title (in English)?\n>\n`;
  write(
    'gmail-en-wrapped.eml',
    `MIME-Version: 1.0
Date: Wed, 25 Nov 2026 01:07:40 +0000
References: ${OUR_ID}
In-Reply-To: ${OUR_ID}
Message-ID: <CAJx8mQ4gmailen0003@mail.gmail.com>
Subject: Re: [EV SSL ${REF}] What is the applicant's job title?
From: John Smith <john.smith@sakura-shoji.co.jp>
To: EV SSL Bot <${BOT}>
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable`,
    `${qp(text)}\r\n`,
  );
}

// --- Outlook (desktop, Japanese): ISO-2022-JP text + HTML, 差出人/送信日時 block, framed signature ---------
{
  const sig =
    '━━━━━━━━━━━━━━━━━━━━\n株式会社さくら商事　総務部\n山田 太郎\nTEL: 03-1234-5678　FAX: 03-1234-5679\nMail: taro.yamada@sakura-shoji.co.jp\n━━━━━━━━━━━━━━━━━━━━';
  const quoted = `差出人: EV SSL Bot <${BOT}>\n送信日時: 2026年11月25日 10:00\n宛先: 山田 太郎 <${APPLICANT}>\n件名: ${SUBJECT_JA}\n\n${QUOTE_JA.join('\n')}`;
  const text = `EV SSL Bot 様\n\nお世話になっております。さくら商事の山田です。\n役職は President です。\n\n${sig}\n\n________________________________\n${quoted}\n`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-2022-jp"></head><body lang="JA"><div class="WordSection1"><p class="MsoNormal">EV SSL Bot 様</p><p class="MsoNormal">お世話になっております。さくら商事の山田です。<br>役職は President です。</p></div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>差出人:</b> EV SSL Bot</div></body></html>\n`;
  write(
    'outlook-ja-reply.eml',
    `From: ${word('山田 太郎', 'ISO-2022-JP')} <${APPLICANT}>
To: EV SSL Bot <${BOT}>
Subject: ${word(`RE: ${SUBJECT_JA}`, 'ISO-2022-JP')}
Thread-Topic: ${word(`${SUBJECT_JA}`, 'ISO-2022-JP')}
Thread-Index: AQHbXk3q0y8aT2c5Z0u1Hk9oL0x8Qg==
Date: Wed, 25 Nov 2026 01:12:03 +0000
Message-ID: <TYCPR01MB8123456789ABCDEF0123456789@TYCPR01MB8123.jpnprd01.prod.outlook.com>
References: ${ROOT_ID} ${OUR_ID}
In-Reply-To: ${OUR_ID}
Accept-Language: ja-JP, en-US
Content-Language: ja-JP
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
X-Mailer: Microsoft Outlook 16.0
Content-Type: multipart/alternative;
	boundary="_000_TYCPR01MB8123456789ABCDEF_"
MIME-Version: 1.0`,
    Buffer.concat([
      Buffer.from(
        crlf(`--_000_TYCPR01MB8123456789ABCDEF_
Content-Type: text/plain; charset="iso-2022-jp"
Content-Transfer-Encoding: 7bit

`),
      ),
      Buffer.from(crlf(encode(text, 'ISO-2022-JP').toString('latin1')), 'latin1'),
      Buffer.from(
        crlf(`
--_000_TYCPR01MB8123456789ABCDEF_
Content-Type: text/html; charset="iso-2022-jp"
Content-Transfer-Encoding: quoted-printable

`),
      ),
      Buffer.from(qpBytes(encode(html, 'ISO-2022-JP'))),
      Buffer.from(crlf('\n--_000_TYCPR01MB8123456789ABCDEF_--\n')),
    ]),
  );
}

// --- Microsoft 365 / Outlook on the web (English): From/Sent/To/Subject, signature with phone ---------
{
  const text = `Hello,\n\nDUNS: 123456789\nTitle: General Manager\nPhone: +81 3-1234-5678\n\nKind regards,\n\nJohn Smith\nSakura Shoji Co., Ltd.\nTel: +81 3 1234 5678\nhttps://www.sakura-shoji.co.jp\n\n________________________________\nFrom: EV SSL Bot <${BOT}>\nSent: Wednesday, November 25, 2026 10:00 AM\nTo: John Smith <john.smith@sakura-shoji.co.jp>\nSubject: [EV SSL ${REF}] What is the applicant's job title?\n\nThank you. What is the applicant's job title (in English)?\n`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div style="font-family: Aptos, sans-serif">Hello,<br><br>DUNS: 123456789<br>Title: General Manager<br>Phone: +81 3-1234-5678<br><br>Kind regards,</div><div id="Signature"><p>John Smith<br>Sakura Shoji Co., Ltd.<br>Tel: +81 3 1234 5678</p></div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> EV SSL Bot &lt;${BOT}&gt;<br><b>Sent:</b> Wednesday, November 25, 2026 10:00 AM</div><div>Thank you. What is the applicant's job title?</div></body></html>\n`;
  write(
    'outlook-en-reply.eml',
    `From: John Smith <john.smith@sakura-shoji.co.jp>
To: EV SSL Bot <${BOT}>
Subject: RE: [EV SSL ${REF}] What is the applicant's job title?
Thread-Topic: [EV SSL ${REF}] What is the applicant's job title?
Thread-Index: AQHbXk3q0y8aT2c5Z0u1Hk9oL0x8QgAAbcd=
Date: Wed, 25 Nov 2026 01:20:44 +0000
Message-ID: <OS3PR01MB9876543210FEDCBA9876@OS3PR01MB9876.jpnprd01.prod.outlook.com>
References: <evssl.${REF}.2.aa11bb@example.test> ${OUR_ID}
In-Reply-To: ${OUR_ID}
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach:
Authentication-Results: mx.example.test; dkim=pass header.d=sakura-shoji.co.jp; spf=pass smtp.mailfrom=sakura-shoji.co.jp; dmarc=pass header.from=sakura-shoji.co.jp
Content-Type: multipart/alternative;
	boundary="_000_OS3PR01MB9876543210FEDCBA_"
MIME-Version: 1.0`,
    `--_000_OS3PR01MB9876543210FEDCBA_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(text)))}
--_000_OS3PR01MB9876543210FEDCBA_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

${qp(html)}
--_000_OS3PR01MB9876543210FEDCBA_--
`,
  );
}

// --- Thunderbird (Japanese): ISO-2022-JP 7bit, format=flowed, "wrote:" line and "-- " signature -------
{
  const text = `山田です。\n\n組織名: Sakura Shoji Co., Ltd.\n郵便番号: 100-0001\n住所: 1-1-1 Marunouchi\n\n以上、よろしくお願いします〜。\n\n-- \n山田 太郎 <${APPLICANT}>\n\n2026/11/25 10:00, EV SSL Bot wrote:\n> ${QUOTE_JA[0]}\n> ${QUOTE_JA[1]}\n`;
  write(
    'thunderbird-ja-reply.eml',
    `Message-ID: <5d1f6a2e-8c3b-4f0e-9a7d-1b2c3d4e5f60@sakura-shoji.co.jp>
Date: Wed, 25 Nov 2026 10:15:00 +0900
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Subject: ${word(`Re: ${SUBJECT_JA}`, 'ISO-2022-JP')}
Content-Language: ja
To: EV SSL Bot <${BOT}>
References: ${ROOT_ID} ${OUR_ID}
From: ${word('山田 太郎', 'ISO-2022-JP')} <${APPLICANT}>
In-Reply-To: ${OUR_ID}
Content-Type: text/plain; charset=ISO-2022-JP; format=flowed; delsp=yes
Content-Transfer-Encoding: 7bit`,
    Buffer.from(crlf(encode(text, 'ISO-2022-JP').toString('latin1')), 'latin1'),
  );
}

// --- Apple Mail (Japanese): quoted-printable UTF-8, 「…のメール:」 attribution, blockquote type=cite -------
{
  const text = `お世話になっております。\n\n役職：President\n\n山田\n\n> 2026/11/25 10:00、EV SSL Bot <${BOT}>のメール:\n>\n> ${QUOTE_JA[1]}\n`;
  const text2 = text.replace(/^> 2026/m, '2026').replace('\n>\n', '\n\n');
  const html = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word;"><div>お世話になっております。</div><div><br></div><div>役職：President</div><div><br></div><div>山田</div><div><br><blockquote type="cite"><div>2026/11/25 10:00、EV SSL Bot &lt;${BOT}&gt;のメール:</div><br><div><div>${QUOTE_JA[1]}</div></div></blockquote></div></body></html>\n`;
  write(
    'apple-mail-ja-reply.eml',
    `From: =?utf-8?B?5bGx55SwIOWkqumDjg==?= <${APPLICANT}>
Content-Type: multipart/alternative;
	boundary="Apple-Mail=_3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))
Subject: ${word(`Re: ${SUBJECT_JA}`)}
Date: Wed, 25 Nov 2026 10:20:31 +0900
References: ${ROOT_ID} ${OUR_ID}
To: EV SSL Bot <${BOT}>
In-Reply-To: ${OUR_ID}
Message-Id: <8F3A1E2B-4C5D-4E6F-9A0B-1C2D3E4F5A6B@sakura-shoji.co.jp>
X-Mailer: Apple Mail (2.3826.200.121)`,
    `
--Apple-Mail=_3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
	charset=utf-8

${qp(text2)}

--Apple-Mail=_3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
	charset=utf-8

${qp(html)}
--Apple-Mail=_3F1C2D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F--
`,
  );
}

// --- docomo feature phone: Shift_JIS (CP932) 8bit, half-width kana, ①, "----- Original Message -----" ---
{
  const text = `ﾀｲﾄﾙはPresidentです。①の件は了解しました。㈱さくら商事\n\n----- Original Message -----\nFrom: ${BOT}\nTo: ${APPLICANT.replace('sakura-shoji.co.jp', 'docomo.ne.jp')}\nSubject: ${SUBJECT_JA}\n\n${QUOTE_JA.join('\n')}\n`;
  write(
    'docomo-sjis-reply.eml',
    `Return-Path: <yamada-taro.0123@docomo.ne.jp>
Date: Wed, 25 Nov 2026 10:30:00 +0900 (JST)
From: yamada-taro.0123@docomo.ne.jp
To: ${BOT}
Message-ID: <20261125103000.0123abcd@docomo.ne.jp>
In-Reply-To: ${OUR_ID}
Subject: ${word(`Re:${SUBJECT_JA}`, 'CP932').replace('CP932', 'Shift_JIS')}
MIME-Version: 1.0
Content-Type: text/plain; charset="Shift_JIS"
Content-Transfer-Encoding: 8bit
X-Mailer: docomo`,
    Buffer.from(crlf(encode(text, 'CP932').toString('latin1')), 'latin1'),
  );
}

// --- au (ezweb) phone: ISO-2022-JP, no References, reference only in the subject, ">" quotes ------------
{
  const text = `DUNS：１２３４５６７８９\nです\n\n> ${QUOTE_JA[0]}\n`;
  write(
    'au-iso2022jp-subject-only.eml',
    `Return-Path: <sakura.taro@ezweb.ne.jp>
Date: Wed, 25 Nov 2026 10:31:00 +0900
From: sakura.taro@ezweb.ne.jp
To: ${BOT}
Subject: ${word(`Re:${SUBJECT_JA}`, 'ISO-2022-JP')}
Message-Id: <ezweb.20261125103100.77aa@ezweb.ne.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-2022-jp"
Content-Transfer-Encoding: 7bit`,
    Buffer.from(crlf(encode(text, 'ISO-2022-JP').toString('latin1')), 'latin1'),
  );
}

// --- An older Japanese client: EUC-JP, base64, "-----元のメッセージ-----" -------------------------------
{
  const text = `担当の鈴木です。\n氏名: Hanako Suzuki\n電話番号: 06-1234-5678\n\n-----元のメッセージ-----\n差出人: EV SSL Bot [mailto:${BOT}]\n送信日時: Wednesday, November 25, 2026 10:00 AM\n件名: ${SUBJECT_JA}\n\n${QUOTE_JA[1]}\n`;
  write(
    'eucjp-original-message.eml',
    `Date: Wed, 25 Nov 2026 10:40:00 +0900
From: suzuki@sakura-shoji.co.jp
To: ${BOT}
Subject: ${word(`Re: ${SUBJECT_JA}`, 'EUC-JP')}
Message-Id: <200611251040.AB12345@sakura-shoji.co.jp>
In-Reply-To: ${OUR_ID}
References: ${OUR_ID}
X-Mailer: Becky! ver. 2.75.01 [ja]
MIME-Version: 1.0
Content-Type: text/plain; charset="EUC-JP"
Content-Transfer-Encoding: base64`,
    `${b64(Buffer.from(crlf(encode(text, 'EUC-JP').toString('latin1')), 'latin1'))}\n`,
  );
}

// --- A web mailer that sends HTML only, quoted part in a blockquote ------------------------------------
{
  const html = `<html><body><p>お世話になります。</p><p>役職: CEO<br>FAX番号: 03-1234-5679</p><p>山田</p><blockquote style="border-left:2px solid #ccc">${QUOTE_JA.join('<br>')}</blockquote></body></html>`;
  write(
    'html-only-reply.eml',
    `From: Taro Yamada <${APPLICANT}>
To: ${BOT}
Subject: Re: ${word(SUBJECT_JA)}
Date: Wed, 25 Nov 2026 10:50:00 +0900
Message-ID: <webmail.5f3e2d1c@sakura-shoji.co.jp>
In-Reply-To: ${OUR_ID}
References: ${OUR_ID}
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64`,
    `${b64(Buffer.from(html))}\n`,
  );
}

console.log('wrote fixtures to test/fixtures/mail/');
