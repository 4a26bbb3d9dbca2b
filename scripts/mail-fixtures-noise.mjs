// Auto-replies, bounces, a forged sender, attachments and a new thread: the mails the bot must not
// answer, or must answer specially. Written when scripts/make-mail-fixtures.mjs imports this module.
import { APPLICANT, BOT, b64, OUR_ID, REF, SUBJECT_JA, word, write } from './mail-fixture-mime.mjs';

// --- Auto-replies, bounces and forged senders: the bot answers none of them -----------------------------
write(
  'out-of-office-ja.eml',
  `From: ${word('山田 太郎')} <${APPLICANT}>
To: ${BOT}
Subject: ${word(`自動応答: ${SUBJECT_JA}`)}
Date: Wed, 25 Nov 2026 10:00:05 +0900
Message-ID: <oof.1a2b3c@sakura-shoji.co.jp>
In-Reply-To: ${OUR_ID}
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64`,
  `${b64(Buffer.from('11月30日まで不在にしております。\r\n役職: 不在\r\n'))}\n`,
);
write(
  'outlook-automatic-reply.eml',
  `From: John Smith <john.smith@sakura-shoji.co.jp>
To: EV SSL Bot <${BOT}>
Subject: Automatic reply: [EV SSL ${REF}] What is the applicant's job title?
Thread-Topic: [EV SSL ${REF}] What is the applicant's job title?
Date: Wed, 25 Nov 2026 01:00:09 +0000
Message-ID: <oof-en.9988@OS3PR01MB9876.jpnprd01.prod.outlook.com>
In-Reply-To: ${OUR_ID}
X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset="us-ascii"
MIME-Version: 1.0`,
  'I am out of the office until Monday with limited access to email.\n',
);
write(
  'bounce-dsn.eml',
  `Return-Path: <>
From: MAILER-DAEMON@example.test (Mail Delivery System)
To: ${BOT}
Subject: Undelivered Mail Returned to Sender
Date: Wed, 25 Nov 2026 10:00:02 +0900
Message-Id: <20261125010002.DSN1@mx.example.test>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="DSN.1732500002/mx.example.test"`,
  `--DSN.1732500002/mx.example.test
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.test.
I'm sorry to have to inform you that your message could not be delivered.

<nobody@sakura-shoji.co.jp>: host mx.sakura-shoji.co.jp said: 550 5.1.1 User unknown

--DSN.1732500002/mx.example.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.test
Final-Recipient: rfc822; nobody@sakura-shoji.co.jp
Action: failed
Status: 5.1.1

--DSN.1732500002/mx.example.test--
`,
);
write(
  'forged-dmarc-fail.eml',
  `Authentication-Results: mx.example.test; dkim=none; spf=fail smtp.mailfrom=sakura-shoji.co.jp; dmarc=fail (p=reject) header.from=sakura-shoji.co.jp
From: Taro Yamada <${APPLICANT}>
To: ${BOT}
Subject: Re: [EV SSL ${REF}] What is the applicant's job title?
Date: Wed, 25 Nov 2026 11:00:00 +0900
Message-ID: <forged.0001@attacker.example>
In-Reply-To: ${OUR_ID}
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8`,
  'Email: attacker@evil.example\n',
);

// --- A reply at the documents step with the articles of incorporation as PDF, and a dangerous file -----
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
write(
  'gmail-pdf-attachment.eml',
  `MIME-Version: 1.0
Date: Wed, 25 Nov 2026 12:00:00 +0900
References: ${OUR_ID}
In-Reply-To: ${OUR_ID}
Message-ID: <CAJx8mQ9gmailpdf0009@mail.gmail.com>
Subject: ${word(`Re: [EV SSL ${REF}] 組織確認書類の提出`)}
From: ${word('山田 太郎')} <${APPLICANT}>
To: EV SSL Bot <${BOT}>
Content-Type: multipart/mixed; boundary="000000000000pdfpdfpdf0001"`,
  `--000000000000pdfpdfpdf0001
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

${b64(Buffer.from('定款のPDFを添付します。\r\n'))}
--000000000000pdfpdfpdf0001
Content-Type: application/pdf; name="${word('定款.pdf')}"
Content-Disposition: attachment; filename="${word('定款.pdf')}"
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m3x9k2a10

${b64(PDF)}
--000000000000pdfpdfpdf0001
Content-Type: application/x-msdownload; name="invoice.exe"
Content-Disposition: attachment; filename="invoice.exe"
Content-Transfer-Encoding: base64

${b64(Buffer.from('MZ\u0090\u0000not really a program'))}
--000000000000pdfpdfpdf0001--
`,
);

// --- A new thread from an allowed domain: starts an application ----------------------------------------
write(
  'new-application-ja.eml',
  `MIME-Version: 1.0
Date: Wed, 25 Nov 2026 09:00:00 +0900
Message-ID: <CAJx8mQ1rootmsg0001@mail.gmail.com>
Subject: ${word('EV SSL証明書の取得申請')}
From: ${word('山田 太郎')} <${APPLICANT}>
To: ${BOT}
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64`,
  `${b64(Buffer.from('EV SSL証明書の取得申請をお願いします。\r\n\r\n山田 太郎\r\n株式会社さくら商事\r\nTEL: 03-1234-5678\r\n'))}\n`,
);
