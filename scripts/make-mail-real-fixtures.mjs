#!/usr/bin/env node
// Regenerates the .eml fixtures of real-client replies the email channel once got wrong (company
// signatures with confidentiality notices, mobile signatures, Authentication-Results after forwarding,
// Exchange non-delivery reports, Japanese out-of-office replies, mail without a Message-ID, CA mails
// reaching the bot through a forwarding approval address). Written to test/fixtures/mail/ with the
// headers, MIME structure and charsets each named client uses (ISO-2022-JP and Shift_JIS really encoded
// with the system iconv).
//
// Usage: node scripts/make-mail-real-fixtures.mjs   (from the repository root)
import { readFileSync } from 'node:fs';
import { BOT, b64, crlf, encode, qp, qpBytes, word, write } from './mail-fixture-mime.mjs';

const TARO = 'taro.yamada@sakura-shoji.co.jp';
const ourId = (ref) => `<evssl.${ref}.7f3a9c2e41b8d05e6a1f2c3d@example.test>`;
const subject = (ref) => `[EV SSL ${ref}] EV SSL証明書の申請`;
const quoteJa = ['申請番号 の申請を続けます。', 'パネルを開いたら「開きました」と返信してください。'];
const jis = (s) => Buffer.from(crlf(encode(s, 'ISO-2022-JP').toString('latin1')), 'latin1');
const sjis = (s) => Buffer.from(crlf(encode(s, 'CP932').toString('latin1')), 'latin1');
const AR_PASS = (d) =>
  `Authentication-Results: mx.example.test;\n\tdkim=pass header.d=${d} header.s=selector1 header.b=Qm9vbXNo;\n\tspf=pass smtp.mailfrom=${d};\n\tdmarc=pass (p=NONE sp=NONE dis=NONE) header.from=${d}`;

const SIGNATURE_SAKURA = [
  '--------------------------------------------------',
  '株式会社さくら商事　情報システム部',
  '山田 太郎（Taro Yamada）',
  '〒100-0001 東京都千代田区丸の内1-1-1',
  'TEL: 03-9999-8888 / FAX: 03-9999-8889',
  `E-mail: ${TARO}`,
  'URL: https://www.sakura-shoji.co.jp/',
  '--------------------------------------------------',
].join('\n');
const DISCLAIMER = [
  'このメールには機密情報が含まれている場合があります。誤って受信された場合は、お手数ですが送信者までご連絡のうえ、削除してください。',
  '',
  'This e-mail may contain confidential information. If you have received it in error, please notify the sender and delete it.',
].join('\n');

// --- Outlook desktop (Japanese): 「開きました」, company signature, confidentiality notice, 差出人 block ----
{
  const ref = 'C1A001';
  const quoted = `差出人: EV SSL Bot <${BOT}>\n送信日時: 2026年11月25日 10:00\n宛先: 山田 太郎 <${TARO}>\n件名: ${subject(ref)}\n\n${quoteJa.join('\n')}`;
  const text = `開きました\n\n${SIGNATURE_SAKURA}\n\n${DISCLAIMER}\n\n________________________________\n${quoted}\n`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-2022-jp"></head><body lang="JA"><div class="WordSection1"><p class="MsoNormal">開きました</p><p class="MsoNormal">${SIGNATURE_SAKURA.replace(/\n/g, '<br>')}</p><p class="MsoNormal">${DISCLAIMER.replace(/\n/g, '<br>')}</p></div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>差出人:</b> EV SSL Bot</div></body></html>\n`;
  write(
    'outlook-ja-signature-disclaimer.eml',
    `From: ${word('山田 太郎', 'ISO-2022-JP')} <${TARO}>
To: EV SSL Bot <${BOT}>
Subject: ${word(`RE: ${subject(ref)}`, 'ISO-2022-JP')}
Thread-Topic: ${word(subject(ref), 'ISO-2022-JP')}
Thread-Index: AQHbX1a2b3c4d5e6f7g8h9i0jA==
Date: Wed, 25 Nov 2026 01:12:03 +0000
Message-ID: <TYCPR01MB8123400001C1A001@TYCPR01MB8123.jpnprd01.prod.outlook.com>
References: ${ourId(ref)}
In-Reply-To: ${ourId(ref)}
Accept-Language: ja-JP, en-US
Content-Language: ja-JP
X-MS-Has-Attach:
X-Mailer: Microsoft Outlook 16.0
Content-Type: multipart/alternative;
	boundary="_000_TYCPR01MB8123400001C1A001_"
MIME-Version: 1.0`,
    Buffer.concat([
      Buffer.from(
        crlf(
          '--_000_TYCPR01MB8123400001C1A001_\nContent-Type: text/plain; charset="iso-2022-jp"\nContent-Transfer-Encoding: 7bit\n\n',
        ),
      ),
      jis(text),
      Buffer.from(
        crlf(
          '\n--_000_TYCPR01MB8123400001C1A001_\nContent-Type: text/html; charset="iso-2022-jp"\nContent-Transfer-Encoding: quoted-printable\n\n',
        ),
      ),
      Buffer.from(qpBytes(encode(html, 'ISO-2022-JP'))),
      Buffer.from(crlf('\n--_000_TYCPR01MB8123400001C1A001_--\n')),
    ]),
  );
}

// --- Becky! (Shift_JIS): 「メールアドレス：…」 above a company signature with another TEL --------------
{
  const ref = 'C1A002';
  const text = `お世話になっております。\n\nメールアドレス：taro@example.co.jp\n\nよろしくお願いいたします。\n\n${SIGNATURE_SAKURA}\n\n${DISCLAIMER}\n\n-----Original Message-----\nFrom: EV SSL Bot <${BOT}>\nSent: Wednesday, November 25, 2026 10:00 AM\nSubject: ${subject(ref)}\n\n> 連絡用のメールアドレスを教えてください。\n`;
  write(
    'becky-sjis-signature-email.eml',
    `Date: Wed, 25 Nov 2026 10:40:00 +0900
From: ${word('山田 太郎', 'ISO-2022-JP')} <${TARO}>
To: ${BOT}
Subject: ${word(`Re: ${subject(ref)}`, 'CP932').replace('CP932', 'Shift_JIS')}
Message-Id: <20261125104000.C1A002.TARO@sakura-shoji.co.jp>
In-Reply-To: ${ourId(ref)}
References: ${ourId(ref)}
X-Mailer: Becky! ver. 2.81.04 [ja]
MIME-Version: 1.0
Content-Type: text/plain; charset="Shift_JIS"
Content-Transfer-Encoding: 8bit`,
    sjis(text),
  );
}

// --- iPhone Mail (Japanese): 「1」 then 「iPhoneから送信」 above the quote ----------------------------
{
  const ref = 'C1A003';
  const attribution = `2026/11/25 10:00、EV SSL Bot <${BOT}>のメール:`;
  const text = `1\n\niPhoneから送信\n\n> ${attribution}\n> \n> 承認用メールアドレスを選んでください。\n> 1. admin@example.co.jp\n`;
  const html = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto"><div dir="ltr">1</div><div dir="ltr"><br><div dir="ltr">iPhoneから送信</div><div dir="ltr"><br><blockquote type="cite">${attribution.replace(/</g, '&lt;').replace(/>/g, '&gt;')}<br><br></blockquote></div></div><blockquote type="cite"><div dir="ltr">承認用メールアドレスを選んでください。</div></blockquote></body></html>\n`;
  const boundary = 'Apple-Mail-5C1A2B3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D';
  write(
    'iphone-ja-choice.eml',
    `Content-Type: multipart/alternative; boundary=${boundary}
Content-Transfer-Encoding: 7bit
From: ${word('山田 太郎')} <${TARO}>
Mime-Version: 1.0 (1.0)
Date: Wed, 25 Nov 2026 10:20:31 +0900
Subject: ${word(`Re: ${subject(ref)}`)}
Message-Id: <9B2F6C1E-3D4A-4B5C-8D7E-C1A003AABBCC@sakura-shoji.co.jp>
References: ${ourId(ref)}
In-Reply-To: ${ourId(ref)}
To: EV SSL Bot <${BOT}>
X-Mailer: iPhone Mail (22B83)`,
    `
--${boundary}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

${qp(text)}

--${boundary}
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

${qp(html)}
--${boundary}--
`,
  );
}

// --- Outlook for iOS (Japanese UI): an international phone number, then 「iOS 版 Outlook を入手」 -------
{
  const ref = 'C1A004';
  const text = `+81 3-5555-0123\n\niOS 版 Outlook を入手\n________________________________\n差出人: EV SSL Bot <${BOT}>\n送信日時: Wednesday, November 25, 2026 10:00:00 AM\n宛先: 山田 太郎 <${TARO}>\n件名: ${subject(ref)}\n\nDUNSに登録された電話番号を教えてください。\n`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">+81 3-5555-0123</div><div dir="ltr"><br></div><div id="ms-outlook-mobile-signature" dir="ltr">iOS 版 Outlook を入手</div><div id="mail-editor-reference-message-container"><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>差出人:</b> EV SSL Bot</div></div></body></html>\n`;
  write(
    'outlook-ios-ja-phone.eml',
    `From: ${word('山田 太郎')} <${TARO}>
To: EV SSL Bot <${BOT}>
Subject: ${word(`Re: ${subject(ref)}`)}
Thread-Topic: ${word(subject(ref))}
Thread-Index: AQHbX1a2b3c4d5e6f7g8h9i0jB==
Date: Wed, 25 Nov 2026 01:30:00 +0000
Message-ID: <TY0PR01MB5555C1A004@TY0PR01MB5555.jpnprd01.prod.outlook.com>
References: ${ourId(ref)}
In-Reply-To: ${ourId(ref)}
X-MS-Has-Attach:
Content-Type: multipart/alternative;
	boundary="_000_TY0PR01MB5555C1A004_"
MIME-Version: 1.0`,
    `--_000_TY0PR01MB5555C1A004_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(text)))}
--_000_TY0PR01MB5555C1A004_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(html)))}
--_000_TY0PR01MB5555C1A004_--
`,
  );
}

// --- Gmail (Japanese UI, UTF-8) through a gateway that re-signs and breaks: dkim=pass; dkim=fail; dmarc=pass
{
  const ref = 'C1A005';
  const text = `President\n\n2026年11月25日(水) 10:00 EV SSL Bot <${BOT}>:\n\n> 申請責任者の役職を英語で教えてください。\n`;
  write(
    'gmail-ja-utf8-two-signatures.eml',
    `Authentication-Results: mx.example.test;
	dkim=pass header.d=sakura-shoji.co.jp header.s=google header.b=Zm9vYmFy;
	dkim=fail (body hash did not verify) header.d=mailgw.sakura-shoji.net header.s=gw header.b=YmFyYmF6;
	spf=pass smtp.mailfrom=sakura-shoji.co.jp;
	dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=sakura-shoji.co.jp
MIME-Version: 1.0
Date: Wed, 25 Nov 2026 10:05:12 +0900
References: ${ourId(ref)}
In-Reply-To: ${ourId(ref)}
Message-ID: <CAJx8mQ3gmailC1A005@mail.gmail.com>
Subject: ${word(`Re: ${subject(ref)}`)}
From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <${TARO}>
To: EV SSL Bot <${BOT}>
Content-Type: multipart/alternative; boundary="000000000000c1a005d4e5f60718"`,
    `--000000000000c1a005d4e5f60718
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(text)))}
--000000000000c1a005d4e5f60718
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

${qp('<div dir="ltr">President</div><br><div class="gmail_quote"><blockquote class="gmail_quote">申請責任者の役職を英語で教えてください。</blockquote></div>\n')}
--000000000000c1a005d4e5f60718--
`,
  );
}

// --- Gmail (Japanese, ISO-2022-JP) re-sent by a forwarding alias: spf=fail; dkim=pass; dmarc=pass ------
{
  const ref = 'C1A006';
  const text = `President\n\n2026年11月25日(水) 10:00 EV SSL Bot <${BOT}>:\n\n> 申請責任者の役職を英語で教えてください。\n`;
  write(
    'gmail-ja-iso2022jp-forwarding-alias.eml',
    `Authentication-Results: mx.example.test;
	spf=fail (mx.example.test: domain of taro.yamada@sakura-shoji.co.jp does not designate 198.51.100.7 as permitted sender) smtp.mailfrom=taro.yamada@sakura-shoji.co.jp;
	dkim=pass header.d=sakura-shoji.co.jp header.s=google header.b=Zm9vYmFy;
	dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=sakura-shoji.co.jp
Received: from alias.example.net (alias.example.net [198.51.100.7]) by mx.example.test; Wed, 25 Nov 2026 10:05:14 +0900
MIME-Version: 1.0
Date: Wed, 25 Nov 2026 10:05:12 +0900
References: ${ourId(ref)}
In-Reply-To: ${ourId(ref)}
Message-ID: <CAJx8mQ3gmailC1A006@mail.gmail.com>
Subject: ${word(`Re: ${subject(ref)}`, 'ISO-2022-JP')}
From: ${word('山田 太郎', 'ISO-2022-JP')} <${TARO}>
To: EV SSL Bot <${BOT}>
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit`,
    jis(text),
  );
}

// --- A forgery in a member's name (dmarc=fail): not applied, the member is told ---------------------------
{
  const ref = 'C1A007';
  write(
    'forged-member-dmarc-fail.eml',
    `Authentication-Results: mx.example.test; dkim=none; spf=fail smtp.mailfrom=evil.example; dmarc=fail (p=REJECT) header.from=sakura-shoji.co.jp
From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <${TARO}>
To: ${BOT}
Subject: ${word(`Re: ${subject(ref)}`)}
Date: Wed, 25 Nov 2026 11:00:00 +0900
Message-ID: <forged.C1A007@evil.example>
In-Reply-To: ${ourId(ref)}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
    'CEO\n',
  );
}

// --- Exchange Online non-delivery report (Japanese), sent with a null envelope sender --------------------
{
  const boundary = '_a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d_';
  const notice = `配信に関する問題が発生したため、次の受信者または配布リストにメッセージを配信できませんでした:\n\nnobody@customer.co.jp\nnobody のメールボックスが見つかりませんでした。\n\n診断情報 (管理者用):\n生成元サーバー: TYWPR01MB1234.jpnprd01.prod.outlook.com\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n`;
  write(
    'exchange-ndr-ja.eml',
    `From: Microsoft Outlook
	<MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@customer.co.jp>
To: <${BOT}>
Date: Wed, 25 Nov 2026 01:00:05 +0000
Content-Type: multipart/report; report-type=delivery-status;
	boundary="${boundary}"
X-MS-Exchange-Message-Is-Ndr:
Content-Language: ja-JP
Message-ID: <0e5b6c7d-8e9f-4a0b-b1c2-d3e4f5a6b7c8@TYWPR01MB1234.jpnprd01.prod.outlook.com>
In-Reply-To: <evssl.new.5e6f7a8b9c0d1e2f3a4b5c6d@example.test>
References: <evssl.new.5e6f7a8b9c0d1e2f3a4b5c6d@example.test>
Subject: ${word('配信不能: [EV SSL] 取得申請と更新申請のどちらですか？')}
MIME-Version: 1.0`,
    `--${boundary}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from(crlf(notice)))}
--${boundary}
Content-Type: message/delivery-status

Reporting-MTA: dns;TYWPR01MB1234.jpnprd01.prod.outlook.com
Received-From-MTA: dns;mail.example.test
Arrival-Date: Wed, 25 Nov 2026 01:00:04 +0000

Final-Recipient: rfc822;nobody@customer.co.jp
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

--${boundary}
Content-Type: message/rfc822

From: EV SSL Bot <${BOT}>
To: nobody@customer.co.jp
Subject: [EV SSL] =?UTF-8?B?5Y+W5b6X55Sz6KuL?=
Message-ID: <evssl.new.5e6f7a8b9c0d1e2f3a4b5c6d@example.test>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

EV SSL

--${boundary}--
`,
  );
}

// --- Outlook (Japanese) server-side auto-reply: 「自動応答: Re: …」 without Auto-Submitted ------------------
{
  const ref = 'C1A008';
  const body =
    '山田は11月30日まで不在にしております。\n急ぎの場合は総務部（03-1234-5600）までご連絡ください。\n';
  write(
    'outlook-ja-jidououtou.eml',
    `From: ${word('山田 太郎', 'ISO-2022-JP')} <${TARO}>
To: EV SSL Bot <${BOT}>
Subject: ${word(`自動応答: Re: ${subject(ref)}`, 'ISO-2022-JP')}
Thread-Topic: ${word(subject(ref), 'ISO-2022-JP')}
Date: Wed, 25 Nov 2026 01:00:09 +0000
Message-ID: <TYCPR01MB8123400008C1A008@TYCPR01MB8123.jpnprd01.prod.outlook.com>
In-Reply-To: ${ourId(ref)}
References: ${ourId(ref)}
X-MS-Has-Attach:
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset="iso-2022-jp"
Content-Transfer-Encoding: 7bit
MIME-Version: 1.0`,
    jis(body),
  );
}

// --- A Japanese groupware's absence notice: 「不在のお知らせ」, no auto-reply headers at all ---------------
{
  const body = `${TARO.split('@')[0]} 様宛のメールを受信しました。\n山田は出張のため 11/30 まで不在です。戻り次第ご連絡いたします。\n`;
  write(
    'groupware-fuzai-ja.eml',
    `From: ${word('山田 太郎', 'ISO-2022-JP')} <${TARO}>
To: ${BOT}
Subject: ${word('不在のお知らせ', 'ISO-2022-JP')}
Date: Wed, 25 Nov 2026 10:00:10 +0900
Message-ID: <fuzai.20261125100010.C1A008@gw.sakura-shoji.co.jp>
In-Reply-To: ${ourId('C1A008')}
References: ${ourId('C1A008')}
X-Mailer: desknet's NEO
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit`,
    jis(body),
  );
}

// --- A feature phone (au, ISO-2022-JP) that sends no Message-ID: the answer to the title question --------
{
  const ref = 'C1A009';
  write(
    'au-no-message-id.eml',
    `Date: Wed, 25 Nov 2026 10:31:00 +0900
From: ${TARO}
To: ${BOT}
Subject: ${word(`Re:${subject(ref)}`, 'ISO-2022-JP')}
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-2022-jp"
Content-Transfer-Encoding: 7bit`,
    jis('President\n\n> 申請責任者の役職を英語で教えてください。\n'),
  );
}

// --- CA mails as they reach the bot through the approval address's forwarding --------------------------
const camail = (name) => readFileSync(new URL(`../test/fixtures/camail/${name}`, import.meta.url), 'latin1');
/** The CA's own message (its trace and result headers dropped), below new trace and result headers. */
function reheader(name, head) {
  const raw = camail(name);
  const cut = raw.search(/^From:/m);
  return Buffer.from(`${crlf(head.trim())}\r\n${raw.slice(cut)}`, 'latin1');
}
const write2 = (name, buf) =>
  write(
    name,
    buf.toString('latin1').split('\r\n\r\n')[0],
    Buffer.from(buf.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n'), 'latin1'),
  );

// Sectigo's agreement mail, forwarded by the approval address (admin@) to the bot: SPF fails at the bot's
// server, Sectigo's DKIM signature and DMARC pass.
write2(
  'ca-sectigo-agreement-forwarded-spf-fail.eml',
  reheader(
    'sectigo-agreement-plain.eml',
    `Return-Path: <admin@example.co.jp>
Authentication-Results: mx.example.test;
	spf=fail (mx.example.test: domain of bounce@sectigo.com does not designate 203.0.113.25 as permitted sender) smtp.mailfrom=bounce@sectigo.com;
	dkim=pass header.d=sectigo.com header.s=s1 header.b=AbCdEf12;
	dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=sectigo.com
Received: from mail.example.co.jp (mail.example.co.jp [203.0.113.25]) by mx.example.test; Wed, 25 Nov 2026 20:00:02 +0900
X-Forwarded-To: ${BOT}
X-Forwarded-For: admin@example.co.jp ${BOT}`,
  ),
);

// XServer's "issued" notice, forged: sent from attacker@evil.example's server, which adds no
// Authentication-Results (the bot's mail server does not check).
write2(
  'ca-xserver-issued-forged-no-auth.eml',
  reheader(
    'xserver-issued-ja.eml',
    `Return-Path: <attacker@evil.example>
Received: from evil.example (evil.example [198.51.100.66]) by mx.example.test; Thu, 3 Dec 2026 10:00:02 +0900`,
  ),
);

// The same genuine XServer notice delivered twice, without a Message-ID (a relay that dropped it).
{
  const raw = reheader('xserver-issued-ja.eml', AR_PASS('xserver.ne.jp')).toString('latin1');
  write2(
    'ca-xserver-issued-no-message-id.eml',
    Buffer.from(raw.replace(/^Message-ID:.*\r\n/im, ''), 'latin1'),
  );
}

console.log('wrote real-client fixtures to test/fixtures/mail/');
