import type { Text } from './types.js';

/**
 * Email to a constructed address (admin@, webmaster@ …; BR 3.2.2.4.4) is being retired by CA/Browser
 * Forum ballot SC-090: the approval-address prompt says so in one line, `help` at that question in full.
 */
export const SC090_LINE: Text = {
  ja: '※ メールによるドメイン認証は2026年3月15日から非推奨、2028年3月15日から使用不可（SC-090）のため、DNS認証やファイル認証を案内されることがあります。詳しくは「ヘルプ」。',
  en: 'Note: email domain validation is discouraged from 2026-03-15 and not allowed from 2028-03-15 (SC-090), so the CA may ask for DNS or HTTP (file) validation; say "help" for details.',
};

export const SC090_HELP: Text = {
  ja: [
    '承認用メールアドレス（admin@ などのドメインの定型アドレス）宛のメールでドメインを認証する方法（BR 3.2.2.4.4）は、CA/Browser Forum の決議 SC-090 により、2026年3月15日から認証局は使わないことが推奨され（SHOULD NOT）、2028年3月15日からは使えなくなります（MUST NOT）。',
    'そのため、セクティゴ社から次のどちらかを案内されることがあります:',
    '・ファイル認証: 指定のファイルを http://ドメイン/.well-known/pki-validation/ に置く（ワイルドカード証明書には使えません）',
    '・DNS認証: 指定の CNAME または TXT レコードをDNSに登録する',
    '案内のメールを貼り付けるか、値を教えていただければ、認証局と同じように外から確認します（`evssl-bot check-dcv` でも確認できます）。',
  ].join('\n'),
  en: [
    'Validating the domain by email to a constructed address such as admin@ (BR 3.2.2.4.4) is being retired by CA/Browser Forum ballot SC-090: CAs SHOULD NOT use it from 2026-03-15 and MUST NOT from 2028-03-15.',
    'Sectigo may therefore ask for one of these instead:',
    '- File validation: put the given file under http://DOMAIN/.well-known/pki-validation/ (not for a wildcard certificate)',
    '- DNS validation: add the given CNAME or TXT record',
    'Paste the CA’s instructions or give me the values and I check them from outside, as the CA will (also `evssl-bot check-dcv`).',
  ].join('\n'),
};
