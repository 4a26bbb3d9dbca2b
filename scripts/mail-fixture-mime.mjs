// MIME helpers and the shared thread of scripts/make-mail-fixtures.mjs (see there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

export const OUT = new URL('../test/fixtures/mail/', import.meta.url);
mkdirSync(OUT, { recursive: true });

export const BOT = 'bot@example.test';
export const APPLICANT = 'taro.yamada@sakura-shoji.co.jp';
export const REF = 'A1B2C3';
export const OUR_ID = `<evssl.${REF}.3.k2j4h5@example.test>`;
export const ROOT_ID = `<CAJx8mQ1rootmsg0001@mail.gmail.com>`;
export const SUBJECT_JA = `[EV SSL ${REF}] 役職を教えてください`;

export const encode = (text, charset) =>
  execFileSync('iconv', ['-f', 'UTF-8', '-t', charset], { input: text });
export const b64 = (buf) => Buffer.from(buf).toString('base64').replace(/.{76}/g, '$&\r\n');
export const word = (text, charset = 'UTF-8') =>
  `=?${charset}?B?${(charset === 'UTF-8' ? Buffer.from(text) : encode(text, charset)).toString('base64')}?=`;

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, soft line breaks at 76. */
export function qp(text) {
  const out = [];
  for (const line of text.split('\n')) {
    let enc = '';
    for (const byte of Buffer.from(line)) {
      const ch = String.fromCharCode(byte);
      enc +=
        byte === 61 || byte > 126 || (byte < 32 && byte !== 9)
          ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}`
          : ch;
    }
    enc = enc.replace(/[ \t]$/, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
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

export const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
export function write(name, head, body) {
  const raw = Buffer.concat([
    Buffer.from(crlf(`${head.trim()}\n\n`)),
    Buffer.isBuffer(body) ? body : Buffer.from(crlf(body)),
  ]);
  writeFileSync(new URL(name, OUT), raw);
}

export const QUOTE_JA = [
  'DUNSナンバーの確認ありがとうございます。',
  '次に、申請責任者の役職を英語で教えてください（例: President）。',
];

/** Quoted-printable of 7-bit bytes (ISO-2022-JP HTML: ESC becomes =1B). */
export function qpBytes(buf) {
  return qp(Buffer.from(buf).toString('latin1'));
}
