import { REISSUE_TEXT } from './reissue-panel.js';
import type { FlowKind, Text } from './types.js';

/** Exact instructions for the waiting steps 5-9 (PROCESS.md), answered "done" by hand until CA mail is read. */
export const WAIT_TEXT: Record<string, Text> = {
  'wait.verification': {
    ja: [
      'クラウドセキュア社から英文の承認確認メールが届きます（承認用メールアドレス宛）。',
      '1. メール本文のURLを開きます。',
      '2. 入力欄に、同じメールに記載の「verification code」を入力します。',
      'その後、上位の認証機関セクティゴ社（旧コモド社）から「利用契約同意確認メール」が届きます。ここまで済んだら「完了」とお答えください。',
      '※ 認証コードはこのチャットに貼り付けなくて大丈夫です。',
    ].join('\n'),
    en: [
      'CloudSecure sends an approval confirmation email in English (to the approval address).',
      '1. Open the URL in that email.',
      '2. Enter the "verification code" written in the same email.',
      'Sectigo (formerly Comodo), the upstream CA, then sends a "subscriber agreement" email. Answer "done" when you have got this far.',
      'You do not need to paste the code here.',
    ].join('\n'),
  },
  'wait.documents': {
    ja: '手順1で用意した定款（または弁護士意見書）をPDFなどにスキャンし、evdocs@cloudsecure.co.jp 宛にメールで送ってください。定款の場合は、最終項目に代表取締役名義の原本証明（現行定款に相違ない旨・日付・代表取締役の記名押印）があることを確認してください。クラウドセキュア社が内容を確認してセクティゴ社へ提出します。送信したら「完了」とお答えください。',
    en: 'Scan the articles of incorporation (or the attorney opinion letter) from step 1 to a PDF and email it to evdocs@cloudsecure.co.jp. Articles must carry, as their last item, a certification of the original in the representative director’s name (current articles, date, director’s name and seal). CloudSecure checks it and passes it on to Sectigo. Answer "done" once sent.',
  },
  'wait.callback': {
    ja: '認証機関から電話確認があります。電話をかけた担当者が申請責任者のお名前を伝え、取り次ぎを依頼します。取り次げない場合は、申請責任者の電話番号を聞いて改めて連絡します。代表電話に出る方へ事前に伝えておくと確実です。電話確認が済んだら「完了」とお答えください。',
    en: 'The CA will call. The caller gives the applicant-in-charge’s name and asks to be transferred; if that is impossible they ask for that person’s number and call again. Tell whoever answers your main line in advance. Answer "done" once the call has taken place.',
  },
};

export const ISSUANCE_TEXT: Record<FlowKind, Text> = {
  acquire: {
    ja: 'お客様での承認作業後、SSL発行元で審査が行われます（数日かかる場合があります）。発行されるとご登録メールアドレス宛に連絡が届きます。「XServer SSL管理パネル > 対象SSL契約の契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードしてインストールしてください。発行されたら「発行された」とお答えください（証明書を貼り付けていただければ、CSRとの一致と有効期限を確認します）。',
    en: 'After your approvals the CA reviews the application (this can take several days). When the certificate is issued you get an email at your registered address. Download the SSL certificate and the intermediate certificate from "XServer SSL panel > contract information > 証明書ダウンロード" and install them. Answer "issued" when it is (paste the certificate and I will check it matches your CSR and note its expiry).',
  },
  renew: {
    ja: 'お客様での承認作業後、SSL発行元で審査が行われます（証明書の種類によって数日かかる場合があります）。発行されるとご登録メールアドレス宛に連絡が届きます。「XServer SSL管理パネル > 対象SSL契約の契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードしてインストールしてください。発行されたら「発行された」とお答えください（証明書を貼り付けていただければ、CSRとの一致と有効期限を確認します）。',
    en: 'After your approvals the CA reviews the renewal (this can take several days depending on the certificate). When it is issued you get an email at your registered address. Download the SSL certificate and the intermediate certificate from "XServer SSL panel > contract information > 証明書ダウンロード" and install them. Answer "issued" when it is (paste the certificate and I will check it matches your CSR and note its expiry).',
  },
  reissue: REISSUE_TEXT.issuance,
};

export const AGREEMENT_INTRO: Text = {
  ja: 'セクティゴ社の「利用契約同意確認メール」の内容を確認し、「verification code」をコピーして、メール記載のURLを開いてください。コードを入力して「Next」をクリックし、上の値を入力して「I ACCEPT」をクリックします（同意はご本人が行う必要があります。ボットが代わりに同意することはありません）。',
  en: 'Read Sectigo’s subscriber agreement email, copy its "verification code" and open the URL in it. Enter the code, click "Next", fill in the values above and click "I ACCEPT" (you must accept yourself; the bot never accepts on your behalf).',
};
