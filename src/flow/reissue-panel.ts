import { catalogue } from './catalogue.js';
import type { Text } from './types.js';

/**
 * Every hosting-panel label the reissue instructions name, in one table. The manual the bot was built
 * from (../shared/domain/PROCESS.md) covers 取得申請 and 更新申請 only; XServer's notice of 2026-02-05
 * (「オプション独自SSL(有償のSSL証明書)の有効期間短縮に伴う再発行回数の増加についてのご案内」) announces
 * the free reissue within the contract but not its screens. So each label here is a best reading, and
 * every instruction says what the control does as well as its label ("the SSL contract's 再発行 (reissue)
 * button"), so a label that differs on the real panel is still findable. Correct a label here and every
 * instruction follows.
 */
export const REISSUE_PANEL = {
  sslMenu: { label: 'SSL証明書', what: { ja: 'SSL証明書の一覧', en: 'the list of SSL certificates' } },
  contractInfo: { label: '契約情報', what: { ja: 'SSL契約の詳細', en: 'the SSL contract’s details' } },
  contractTerm: {
    label: '契約期間',
    what: { ja: '契約の開始日と終了日', en: 'the contract’s start and end' },
  },
  reissueButton: {
    label: '再発行',
    what: {
      ja: '契約中の証明書を作り直すボタン',
      en: 'the button that makes a new certificate within the contract',
    },
  },
  csrField: { label: 'CSR', what: { ja: 'CSRを貼り付ける欄', en: 'the box for the CSR' } },
  confirm: {
    label: '確認画面へ進む',
    what: { ja: '入力内容の確認へ進むボタン', en: 'the button to the confirmation page' },
  },
  submit: {
    label: '再発行申請をする',
    what: { ja: '申請を送信するボタン', en: 'the button that submits the request' },
  },
  download: {
    label: '証明書ダウンロード',
    what: { ja: '発行済み証明書のダウンロード', en: 'the download of the issued certificate' },
  },
} as const satisfies Record<string, { label: string; what: Text }>;

const L = (k: keyof typeof REISSUE_PANEL) => REISSUE_PANEL[k].label;

export const REISSUE_TITLES = catalogue('reissueTitles', {
  prepare: { ja: '再発行の準備', en: 'Prepare the reissue' },
  start: { ja: '再発行の開始', en: 'Start the reissue' },
  csr: { ja: '新しいCSRと登録者情報の確認', en: 'New CSR and registrant confirmation' },
  issuance: { ja: '再発行手続き完了', en: 'Issuance of the reissued certificate' },
});

export const REISSUE_TEXT = catalogue('reissueText', {
  welcome: {
    ja: 'EV SSL証明書の再発行（契約期間内・無料）を始めます（申請番号 {id}）。新しい鍵でCSRを作り、ドメイン認証をもう一度受けます。パネルに入力する前に、ここで確認します。「ヘルプ」でいつでも使える言葉を表示します。',
    en: 'Starting an EV SSL reissue (within the contract, free of charge; reference {id}). You make a CSR with a new key and pass domain validation again. I check everything here before you type it into the panel. Say "help" at any time.',
  },
  confirmStart: {
    ja: `XServerアカウントにログインし、「${L('sslMenu')}」から対象のSSL契約を開き、SSL契約の「${L('reissueButton')}」（再発行）ボタンをクリックしてください（「${L('contractInfo')}」の中にある場合もあります。表示名が違う場合は、契約期間内に証明書を作り直すボタンを探してください。「更新申請」ではありません）。フォームが開いたら「開きました」とお答えください。`,
    en: `Log in to your XServer account, open the SSL contract under "${L('sslMenu')}" (SSL certificates) and click the SSL contract’s "${L('reissueButton')}" (reissue) button (it may sit under "${L('contractInfo')}", contract information; if the label differs, look for the button that makes a new certificate within the contract — not "更新申請", renewal). Answer "opened" when the form is open.`,
  },
  csrPrompt: {
    ja: `新しいCSRを貼り付けてください（「${L('csrField')}」欄に入力するものです）。再発行では新しい秘密鍵を作ることをおすすめします。現在の証明書と同じ鍵のCSRは受け付けません。秘密鍵（PRIVATE KEY）は絶対に貼り付けないでください。\n例: openssl req -new -newkey rsa:2048 -nodes -keyout new-2026.key -out new-2026.csr -subj "/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Example Trading Co., Ltd./CN=www.example.co.jp"`,
    en: `Paste the new CSR (what goes in the "${L('csrField')}" box). Make a new private key for the reissue: a CSR with the current certificate’s key is refused. Never paste the private key.\nFor example: openssl req -new -newkey rsa:2048 -nodes -keyout new-2026.key -out new-2026.csr -subj "/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Example Trading Co., Ltd./CN=www.example.co.jp"`,
  },
  reviewReady: {
    ja: `再発行フォームにCSRを入力し、登録者情報の入力欄があれば上の内容を順に入力して「${L('confirm')}」（確認）→ 内容を確認 →「${L('submit')}」（送信）をクリックしてください（表示名が違う場合は、同じ働きのボタンです）。申請したら「パネルで申請しました」とお答えください。`,
    en: `Enter the CSR in the reissue form and, where the form asks for registrant information, the values above in this order; click "${L('confirm')}" (to the confirmation page), check everything and click "${L('submit')}" (submit; if the labels differ, the buttons doing the same). Answer "submitted" when done.`,
  },
  issuance: {
    ja: `ドメイン認証などが済むと証明書が再発行され、ご登録メールアドレス宛に連絡が届きます。「${L('contractInfo')}」の「${L('download')}」（証明書のダウンロード）から新しい「SSL証明書」と「中間証明書」をダウンロードし、新しい秘密鍵と一緒にインストールしてください。発行されたら「発行された」とお答えください（証明書を貼り付けていただければ、新しいCSRとの一致と有効期限を確認し、期限管理を新しい証明書に切り替えます）。`,
    en: `Once domain validation (and anything else the CA asks) is done, the certificate is reissued and you get an email at your registered address. Download the new SSL certificate and intermediate certificate from "${L('download')}" (certificate download) under "${L('contractInfo')}" and install them with the new private key. Answer "issued" when it is (paste the certificate and I check it matches the new CSR, note its expiry and track it instead of the old one).`,
  },
});
