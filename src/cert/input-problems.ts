import { fixText } from './fix-command.js';
import { toProblem } from './problem.js';
import type { InputWhat, Problem } from './types.js';

type Expected = 'csr' | 'certificate';

const EXPECTED_NAME: Record<Expected, { ja: string; en: string; begin: string }> = {
  csr: { ja: 'CSR', en: 'a CSR', begin: '-----BEGIN CERTIFICATE REQUEST-----' },
  certificate: { ja: 'SSL 証明書', en: 'the certificate', begin: '-----BEGIN CERTIFICATE-----' },
};

/**
 * The message for pasting the wrong thing. Fixed text only: nothing from the input is echoed, so a pasted
 * private key never travels further than this function's caller.
 */
export function wrongInputProblem(what: InputWhat, expected: Expected): Problem {
  const want = EXPECTED_NAME[expected];
  switch (what) {
    case 'private-key': {
      const fix = fixText({});
      return toProblem(
        {
          code: 'input.private-key',
          severity: 'error',
          ja: `貼り付けられたのは秘密鍵です。秘密鍵は保存も表示もしていませんが、チャットやメールに貼った時点で漏えいしたものとして扱ってください。この鍵は使わず、メッセージを削除し、新しい秘密鍵と CSR を作り直してください。`,
          en: 'What you pasted is a private key. It has not been stored or shown, but once pasted into chat or email it must be treated as compromised: delete the message, do not use this key, and generate a new key and CSR.',
        },
        fix,
      );
    }
    case 'certificate':
      return toProblem({
        code: 'input.certificate',
        severity: 'error',
        ja: `これは証明書です。ここでは${want.ja}（${want.begin} で始まるもの）を貼ってください。`,
        en: `This is a certificate. Paste ${want.en} here (it starts with ${want.begin}).`,
      });
    case 'csr':
      return toProblem({
        code: 'input.csr',
        severity: 'error',
        ja: `これは CSR（証明書署名要求）です。ここでは発行された${want.ja}（${want.begin} で始まるもの）を貼ってください。`,
        en: `This is a CSR (certificate signing request). Paste ${want.en} here (it starts with ${want.begin}).`,
      });
    case 'public-key':
      return toProblem({
        code: 'input.public-key',
        severity: 'error',
        ja: `これは公開鍵です。${want.ja}そのもの（${want.begin} で始まるもの）を貼ってください。`,
        en: `This is a public key. Paste ${want.en} itself (it starts with ${want.begin}).`,
      });
    case 'truncated':
      return toProblem({
        code: 'input.truncated',
        severity: 'error',
        ja: `${want.ja}が途中で切れています。${want.begin} から -----END の行まで、全部をコピーして貼り直してください。`,
        en: `The ${expected === 'csr' ? 'CSR' : 'certificate'} is cut short. Copy everything from ${want.begin} to the -----END line and paste again.`,
      });
    case 'empty':
      return toProblem({
        code: 'input.empty',
        severity: 'error',
        ja: `何も貼られていません。${want.ja}（${want.begin} で始まるもの）を貼ってください。`,
        en: `Nothing was pasted. Paste ${want.en} (it starts with ${want.begin}).`,
      });
    case 'garbage':
      return toProblem({
        code: 'input.garbage',
        severity: 'error',
        ja: `${want.ja}として読めませんでした。${want.begin} から -----END の行までをそのまま貼ってください。`,
        en: `This could not be read as ${want.en}. Paste it exactly, from ${want.begin} to the -----END line.`,
      });
  }
}

/**
 * The CLI's wording for a private key given where a CSR or certificate was expected. The CLI reads a
 * local file: nothing was pasted anywhere, so the key is not said to be compromised (the conversation's
 * wording is, for a key pasted into chat or email). Other problems are returned as they are.
 */
export function forLocalFile(problem: Problem): Problem {
  if (problem.code !== 'input.private-key') return problem;
  return {
    ...problem,
    message: {
      ja: 'このファイルは秘密鍵です。このコンピューター上で読んだだけで、保存も表示も送信もしていません。秘密鍵は誰にも渡さず、CSR または証明書のファイルを指定してください。',
      en: 'This file is a private key. It was only read on this machine: not stored, shown or sent anywhere. Keep the key to yourself and give the CSR or certificate file instead.',
    },
  };
}
