// Writes test/fixtures/camail/*.eml: CloudSecure, Sectigo (and legacy Comodo) and XServer mails of
// steps 5-9 as they arrive (plain, HTML, quoted-printable with soft breaks inside the URL, ISO-2022-JP),
// forwarded inline (Gmail, Outlook) or attached as message/rfc822, and forged ones. No public samples of
// CloudSecure's mail exist: these are plausible variants written from the procedure (PROCESS.md 5-9) and
// Sectigo's published DCV / subscriber-agreement wording, paraphrased. Run: node scripts/make-camail-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const OUT = new URL('../test/fixtures/camail/', import.meta.url);
mkdirSync(OUT, { recursive: true });

const DOMAIN = 'www.example.co.jp';
const ORDER = '1234567';
const APPROVER = 'admin@example.co.jp';
const APPLICANT = 'taro@example.co.jp';
const DCV_URL = `https://secure.sectigo.com/products/EnterpriseDCV?orderNumber=${ORDER}&dcvCode=start&lang=en`;
const AGREE_URL = `https://secure.sectigo.com/products/EVClickThrough?orderNumber=${ORDER}&subscriberAgreement=1`;
const APPROVE_URL = `https://approval.cloudsecure.co.jp/ev/confirm?order=${ORDER}&token=Q7fKx2LmN9pR4sT6vW8yZ0`;
export const CODES = { dcv: 'Xp7Kq2Lm9Rt4Vw', agreement: 'aB3dE5gH7jK9mN', approval: 'CS8h2K4m6P' };

const encode = (text, charset) => execFileSync('iconv', ['-f', 'UTF-8', '-t', charset], { input: text });
const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
const b64 = (buf) => Buffer.from(buf).toString('base64').replace(/.{76}/g, '$&\r\n');
const word = (text, charset = 'UTF-8') =>
  `=?${charset}?B?${(charset === 'UTF-8' ? Buffer.from(text) : encode(text, charset)).toString('base64')}?=`;
const jis = (text) => Buffer.from(crlf(encode(text, 'ISO-2022-JP').toString('latin1')), 'latin1');

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text; soft line breaks at 76 land inside long URLs. */
function qp(text) {
  const out = [];
  for (const line of text.split('\n')) {
    let enc = '';
    for (const byte of Buffer.from(line)) {
      enc +=
        byte === 61 || byte > 126 || (byte < 32 && byte !== 9)
          ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
          : String.fromCharCode(byte);
    }
    let rest = enc;
    while (rest.length > 75) {
      let cut = 75;
      if (rest[cut - 1] === '=') cut -= 1;
      else if (rest[cut - 2] === '=') cut -= 2;
      out.push(`${rest.slice(0, cut)}=`);
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join('\r\n');
}

function write(name, head, body) {
  const raw = Buffer.concat([
    Buffer.from(crlf(`${head.trim()}\n\n`)),
    Buffer.isBuffer(body) ? body : Buffer.from(crlf(body)),
  ]);
  writeFileSync(new URL(name, OUT), raw);
  return raw;
}

const received = (from) =>
  `Received: from ${from} (${from} [192.0.2.10])\n\tby mx.example.co.jp (Postfix) with ESMTPS id 4Zx1; Wed, 25 Nov 2026 10:00:00 +0900 (JST)`;
const ar = (d, verdict = 'pass') =>
  `Authentication-Results: mx.example.co.jp;\n\tdkim=${verdict} header.d=${d} header.s=s1 header.b=AbCdEf12;\n\tspf=pass (mx.example.co.jp: domain of bounce@${d} designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@${d};\n\tdmarc=${verdict} (p=REJECT sp=REJECT dis=NONE) header.from=${d}`;

// --- Texts ---------------------------------------------------------------------------------------------
const DCV_TEXT = `Dear ${APPROVER},

We have received a request to issue an SSL certificate for:
    Domain: ${DOMAIN}
    Order Number: ${ORDER}

This order was placed by CloudSecure Corporation on behalf of its customer.

To approve this request, please go to the Domain Control Validation page:
${DCV_URL}

and enter the following "validation code":
    ${CODES.dcv}

If you did not request this certificate, or you are not responsible for this domain, please do not
approve this request.

Sectigo Limited
Validation Team
`;

const AGREE_TEXT = `Dear Taro Yamada,

We have received an application for a Sectigo EV SSL Certificate for ${DOMAIN} (Order #${ORDER}).
Before we can process this request we must obtain a signed EV Subscriber Agreement.

Please copy the verification code below, then open the link to review and accept the EV Subscriber
Agreement:

Verification Code: ${CODES.agreement}

${AGREE_URL}

On the agreement page enter the code, click "Next", confirm your name, contact phone number and job
title, and click "I ACCEPT". If this application was not requested by you, please contact us
immediately. Shortly after, we will contact you for phone validation.

Sectigo Validation Team
`;

const APPROVAL_TEXT_EN = `[CloudSecure] EV SSL Approval Confirmation

Dear Applicant,

An application for an EV SSL certificate has been submitted through your hosting provider.
  Common Name : ${DOMAIN}
  Order No.   : ${ORDER}

To approve this application, open the URL below and enter the verification code.

URL: ${APPROVE_URL}
Verification code: ${CODES.approval}

After your approval, Sectigo will send you an email asking you to accept the Subscriber Agreement.

CloudSecure Corporation
EV Validation Desk
`;

const APPROVAL_TEXT_JA = `お客様各位

EV SSL証明書の申請を受け付けました。下記URLにアクセスし、承認確認のため verification code（認証コード）をご入力ください。
  コモンネーム：${DOMAIN}
  オーダー番号：${ORDER}

認証コード：${CODES.approval}
${APPROVE_URL}

承認後、セクティゴ社より「利用契約同意確認メール」が送付されます。

クラウドセキュア株式会社 EV認証窓口
`;

// 1. CloudSecure approval, English, plain text, quoted-printable (soft break inside the URL), DKIM+DMARC pass.
write(
  'cloudsecure-approval-en-qp.eml',
  `${received('mail.cloudsecure.co.jp')}
${ar('cloudsecure.co.jp')}
From: CloudSecure EV Validation <ev-approval@cloudsecure.co.jp>
To: ${APPROVER}
Subject: [CloudSecure] EV SSL Approval Confirmation - ${DOMAIN}
Date: Wed, 25 Nov 2026 10:00:00 +0900
Message-ID: <ev.approval.${ORDER}@cloudsecure.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable`,
  qp(APPROVAL_TEXT_EN),
);

// 2. CloudSecure approval, Japanese, ISO-2022-JP text + HTML (href with &amp;), no Authentication-Results.
{
  const html = `<html><head><meta charset="iso-2022-jp"></head><body><p>お客様各位</p><p>EV SSL証明書の承認確認メールです。下記のボタンからアクセスし、認証コードをご入力ください。</p><p>コモンネーム：${DOMAIN}<br>オーダー番号：${ORDER}</p><p>認証コード：<b>${CODES.approval}</b></p><p><a href="${APPROVE_URL.replace(/&/g, '&amp;')}">承認確認ページを開く</a></p><p><a href="https://www.cloudsecure.co.jp/privacy">プライバシーポリシー</a></p></body></html>`;
  write(
    'cloudsecure-approval-ja-jis.eml',
    `From: ${word('クラウドセキュア EV認証窓口', 'ISO-2022-JP')} <ev@cloudsecure.co.jp>
To: ${APPROVER}
Subject: ${word('【クラウドセキュア】EV SSL 承認確認のお願い', 'ISO-2022-JP')}
Date: Wed, 25 Nov 2026 10:00:00 +0900
Message-ID: <ev.approval.ja.${ORDER}@cloudsecure.co.jp>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="cs-alt"`,
    Buffer.concat([
      Buffer.from(
        crlf('--cs-alt\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n'),
      ),
      jis(APPROVAL_TEXT_JA.replace(`${APPROVE_URL}\n`, '')),
      Buffer.from(
        crlf('\n--cs-alt\nContent-Type: text/html; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n'),
      ),
      jis(html),
      Buffer.from(crlf('\n--cs-alt--\n')),
    ]),
  );
}

// 3. Sectigo DCV, plain text, QP with soft breaks in the URL, DMARC pass.
write(
  'sectigo-dcv-qp.eml',
  `${received('mail.sectigo.com')}
${ar('sectigo.com')}
From: Sectigo <noreply_support@sectigo.com>
To: ${APPROVER}
Subject: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}
Date: Wed, 25 Nov 2026 10:05:00 +0000
Message-ID: <dcv.${ORDER}.1@sectigo.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable`,
  qp(DCV_TEXT.replace(DCV_URL, `${DCV_URL}&utm_source=dcv-email-reminder-long-parameter`)),
);

// 4. Legacy Comodo DCV, HTML only, base64, entities in the href, no Authentication-Results.
{
  const html = `<html><body><table><tr><td><img src="https://www.comodoca.com/images/logo.png"></td></tr><tr><td><p>Domain Control Validation for <b>${DOMAIN}</b></p><p>ORDER #${ORDER}</p><p>Please <a href="${DCV_URL.replace('secure.sectigo.com', 'secure.comodo.com').replace(/&/g, '&amp;')}">click here</a> and enter your unique validation code: <span style="font-family:monospace">${CODES.dcv}</span></p><p><a href="https://www.comodoca.com/unsubscribe">unsubscribe</a></p></td></tr></table></body></html>`;
  write(
    'comodo-dcv-html-only.eml',
    `From: "COMODO CA Limited" <noreply_support@comodoca.com>
To: ${APPROVER}
Subject: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}
Date: Wed, 25 Nov 2026 10:05:00 +0000
Message-ID: <dcv.${ORDER}.2@comodoca.com>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64`,
    b64(html),
  );
}

// 5. Sectigo subscriber agreement, plain 7bit, DMARC pass.
const agreementHead = (extra = '') => `${received('mail.sectigo.com')}
${ar('sectigo.com')}
From: Sectigo Validation <validation@sectigo.com>
To: ${APPLICANT}
Subject: Sectigo EV Subscriber Agreement - Order #${ORDER}
Date: Wed, 25 Nov 2026 11:00:00 +0000
Message-ID: <agreement.${ORDER}@sectigo.com>
MIME-Version: 1.0${extra}`;
const agreementPlain = write(
  'sectigo-agreement-plain.eml',
  `${agreementHead()}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit`,
  AGREE_TEXT,
);

// 6. Sectigo subscriber agreement, text + HTML both quoted-printable (soft break inside the href).
{
  const html = `<html><body><p>Dear Taro Yamada,</p><p>We have received an application for a Sectigo EV SSL Certificate for ${DOMAIN}. Before we can process this request we must obtain a signed EV Subscriber Agreement.</p><p>Verification Code: <strong>${CODES.agreement}</strong></p><p><a href="${AGREE_URL.replace(/&/g, '&amp;')}">Review and accept the EV Subscriber Agreement</a></p><p>Order #${ORDER}</p></body></html>`;
  write(
    'sectigo-agreement-html-qp.eml',
    `${agreementHead()}
Content-Type: multipart/alternative; boundary="sg-alt"`,
    `--sg-alt
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

${qp(AGREE_TEXT)}
--sg-alt
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

${qp(html)}
--sg-alt--
`,
  );
}

// 7. Documents: CloudSecure's request (Japanese, ISO-2022-JP) and a rejection (English).
write(
  'cloudsecure-documents-request-ja.eml',
  `${ar('cloudsecure.co.jp')}
From: ${word('クラウドセキュア', 'ISO-2022-JP')} <evdocs@cloudsecure.co.jp>
To: ${APPLICANT}
Subject: ${word(`【EV SSL】申請組織を確認できる書類のご提出のお願い（オーダー番号：${ORDER}）`, 'ISO-2022-JP')}
Date: Thu, 26 Nov 2026 09:00:00 +0900
Message-ID: <docs.${ORDER}@cloudsecure.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit`,
  jis(`ご担当者様

${DOMAIN} のEV SSL証明書の審査のため、ローマ字商号の記載がある定款（最終項目に代表取締役名義の原本証明があるもの）または弁護士意見書をPDFで evdocs@cloudsecure.co.jp までご提出ください。

クラウドセキュア株式会社
`),
);
write(
  'cloudsecure-documents-rejected-en.eml',
  `${ar('cloudsecure.co.jp')}
From: CloudSecure EV Documents <evdocs@cloudsecure.co.jp>
To: ${APPLICANT}
Subject: Re: Documents for Order #${ORDER} (${DOMAIN})
Date: Fri, 27 Nov 2026 09:00:00 +0900
Message-ID: <docs.rejected.${ORDER}@cloudsecure.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  `Dear Applicant,

Thank you for sending your documents. Unfortunately they could not be accepted: the articles of
incorporation do not state the romanised trade name, and the certification of the original by the
representative director is missing. Please resubmit corrected documents to evdocs@cloudsecure.co.jp.

CloudSecure Corporation
`,
);

// 8. Callback arrangements: Sectigo (English) and CloudSecure (Japanese, ISO-2022-JP).
write(
  'sectigo-callback-en.eml',
  `${ar('sectigo.com')}
From: Sectigo Validation <validation@sectigo.com>
To: ${APPLICANT}
Subject: ORDER #${ORDER} - Telephone verification call for ${DOMAIN}
Date: Mon, 30 Nov 2026 01:00:00 +0000
Message-ID: <callback.${ORDER}@sectigo.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  `Dear Taro Yamada,

As part of the EV validation of order #${ORDER} we will make a verification call to the telephone
number listed for your organisation in a Qualified Independent Information Source.
Scheduled: Tue, 1 Dec 2026 14:00 JST

The caller will ask for Taro Yamada by name.

Sectigo Validation Team
`,
);
write(
  'cloudsecure-callback-ja.eml',
  `${ar('cloudsecure.co.jp')}
From: ${word('クラウドセキュア', 'ISO-2022-JP')} <ev@cloudsecure.co.jp>
To: ${APPLICANT}
Subject: ${word('【EV SSL】お電話での確認について', 'ISO-2022-JP')}
Date: Mon, 30 Nov 2026 10:00:00 +0900
Message-ID: <callback.ja.${ORDER}@cloudsecure.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP`,
  jis(`ご担当者様

オーダー番号：${ORDER}（${DOMAIN}）について、認証局より電話での確認を行います。
日時：2026年12月1日（火）14:00
申請責任者様のお名前をお伝えし、お取り次ぎをお願いいたします。

クラウドセキュア株式会社
`),
);

// 9. XServer: the certificate is issued (Japanese, ISO-2022-JP, QP-free 7bit).
write(
  'xserver-issued-ja.eml',
  `${ar('xserver.ne.jp')}
From: ${word('エックスサーバー', 'ISO-2022-JP')} <support@xserver.ne.jp>
To: ${APPLICANT}
Subject: ${word(`[XServer] SSL証明書発行完了のお知らせ（${DOMAIN}）`, 'ISO-2022-JP')}
Date: Thu, 3 Dec 2026 10:00:00 +0900
Message-ID: <issued.${ORDER}@xserver.ne.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP`,
  jis(`お客様

ご申請いただいたSSL証明書の発行が完了しました。
ドメイン名：${DOMAIN}

「XServer SSL管理パネル > 契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードしてください。
https://secure.xserver.ne.jp/xapanel/login/xserver/ssl/

エックスサーバー株式会社
`),
);

// 10. Gmail (Japanese UI) forwarding the agreement mail inline, QP UTF-8, the applicant's DKIM pass.
write(
  'gmail-forward-agreement-ja.eml',
  `${ar('example.co.jp')}
From: ${word('山田 太郎')} <${APPLICANT}>
To: bot@example.test
Subject: ${word(`Fwd: Sectigo EV Subscriber Agreement - Order #${ORDER}`)}
Date: Wed, 25 Nov 2026 20:15:00 +0900
Message-ID: <CAGmailFwd0001@mail.gmail.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable`,
  qp(`よろしくお願いします。

---------- Forwarded message ---------
From: Sectigo Validation <validation@sectigo.com>
Date: 2026年11月25日(水) 20:00
Subject: Sectigo EV Subscriber Agreement - Order #${ORDER}
To: <${APPLICANT}>


${AGREE_TEXT}`),
);

// 11. Outlook (Japanese) forwarding the DCV mail: 転送:, 差出人/送信日時/宛先/件名 block, ISO-2022-JP.
write(
  'outlook-forward-dcv-ja.eml',
  `From: ${word('山田 太郎', 'ISO-2022-JP')} <${APPLICANT}>
To: bot@example.test
Subject: ${word(`転送: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}`, 'ISO-2022-JP')}
Date: Wed, 25 Nov 2026 20:20:00 +0900
Message-ID: <TYAPR01MB0001@TYAPR01MB0001.jpnprd01.prod.outlook.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP`,
  jis(`確認をお願いします。

________________________________
差出人: Sectigo <noreply_support@sectigo.com>
送信日時: 2026年11月25日 19:05
宛先: ${APPROVER} <${APPROVER}>
件名: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}

${DCV_TEXT}`),
);

// 12. Outlook (English) FW: of CloudSecure's approval mail, From/Sent/To/Subject with [mailto:].
write(
  'outlook-fw-approval-en.eml',
  `From: Taro Yamada <${APPLICANT}>
To: bot@example.test
Subject: FW: [CloudSecure] EV SSL Approval Confirmation - ${DOMAIN}
Date: Wed, 25 Nov 2026 20:30:00 +0900
Message-ID: <BY5PR01MB0002@BY5PR01MB0002.namprd01.prod.outlook.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit`,
  `FYI

-----Original Message-----
From: CloudSecure EV Validation [mailto:ev-approval@cloudsecure.co.jp]
Sent: Wednesday, November 25, 2026 10:00 AM
To: ${APPROVER}
Subject: [CloudSecure] EV SSL Approval Confirmation - ${DOMAIN}

${APPROVAL_TEXT_EN}`,
);

// 13. The agreement mail attached as message/rfc822 (Gmail "forward as attachment").
write(
  'attached-rfc822-agreement.eml',
  `${ar('example.co.jp')}
From: Taro Yamada <${APPLICANT}>
To: bot@example.test
Subject: Fwd: agreement mail
Date: Wed, 25 Nov 2026 20:40:00 +0900
Message-ID: <CAGmailAttach0001@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"`,
  Buffer.concat([
    Buffer.from(
      crlf(`--outer
Content-Type: text/plain; charset=UTF-8

Please see the attached mail.

--outer
Content-Type: message/rfc822; name="Sectigo EV Subscriber Agreement.eml"
Content-Disposition: attachment; filename="Sectigo EV Subscriber Agreement.eml"

`),
    ),
    agreementPlain,
    Buffer.from(crlf('\n--outer--\n')),
  ]),
);

// 14. Forged: a lookalike sender and a link to a host that is not Sectigo's.
write(
  'forged-lookalike-sectigo.eml',
  `${ar('sectigo-support.com')}
From: Sectigo <validation@sectigo-support.com>
To: ${APPLICANT}
Subject: Sectigo EV Subscriber Agreement - Order #${ORDER}
Date: Wed, 25 Nov 2026 11:00:00 +0000
Message-ID: <agreement.${ORDER}@sectigo-support.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  AGREE_TEXT.replace(AGREE_URL, `https://sectigo-support.com/EVClickThrough?orderNumber=${ORDER}`),
);

// 15. Forged: the genuine domain in From, but the receiving server says DMARC failed.
write(
  'forged-dmarc-fail-sectigo.eml',
  `${ar('sectigo.com', 'fail')}
From: Sectigo <noreply_support@sectigo.com>
To: ${APPROVER}
Subject: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}
Date: Wed, 25 Nov 2026 10:05:00 +0000
Message-ID: <forged.dcv.${ORDER}@attacker.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  DCV_TEXT,
);

// 16. A homoglyph sender (sect1go.com) forwarded inline by the applicant.
write(
  'gmail-forward-homoglyph.eml',
  `From: Taro Yamada <${APPLICANT}>
To: bot@example.test
Subject: Fwd: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}
Date: Wed, 25 Nov 2026 20:50:00 +0900
Message-ID: <CAGmailFwd0002@mail.gmail.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  `---------- Forwarded message ---------
From: Sectigo <noreply_support@sect1go.com>
Date: Wed, Nov 25, 2026 at 7:05 PM
Subject: ORDER #${ORDER} - Domain Control Validation for ${DOMAIN}
To: <${APPROVER}>

${DCV_TEXT}`,
);

// 17. Outlook on the web (English), HTML only, quoted-printable: the agreement forwarded, its link soft-broken.
{
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>Please check.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Sectigo Validation &lt;validation@sectigo.com&gt;<br><b>Sent:</b> Wednesday, November 25, 2026 8:00 PM<br><b>To:</b> Taro Yamada &lt;${APPLICANT}&gt;<br><b>Subject:</b> Sectigo EV Subscriber Agreement - Order #${ORDER}</font><div>&nbsp;</div></div><div><p>Dear Taro Yamada,</p><p>We have received an application for a Sectigo EV SSL Certificate for ${DOMAIN}. Before we can process this request we must obtain a signed EV Subscriber Agreement.</p><p>Verification Code: <strong>${CODES.agreement}</strong></p><p><a href="${AGREE_URL.replace(/&/g, '&amp;')}" data-auth="NotApplicable">Review and accept the EV Subscriber Agreement</a></p></div></body></html>`;
  write(
    'outlook-web-forward-agreement-html.eml',
    `${ar('example.co.jp')}
From: Taro Yamada <${APPLICANT}>
To: bot@example.test
Subject: FW: Sectigo EV Subscriber Agreement - Order #${ORDER}
Date: Wed, 25 Nov 2026 21:00:00 +0900
Message-ID: <OS3PR01MB0003@OS3PR01MB0003.jpnprd01.prod.outlook.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable`,
    qp(html),
  );
}
