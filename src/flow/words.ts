import { catalogue } from './catalogue.js';
import { REISSUE_TEXT } from './reissue-panel.js';
import type { FlowKind, Text } from './types.js';
import { AGREEMENT_INTRO } from './waits.js';

/** Short phrases the engine composes replies from, in both languages. */
export const words = catalogue('words', {
  opened: { ja: '開きました', en: 'Opened' },
  done: { ja: '完了', en: 'Done' },
  issued: { ja: '発行された', en: 'Issued' },
  submitted: { ja: 'パネルで申請しました', en: 'Submitted in the panel' },
  acknowledgeDuns: {
    ja: 'DUNS登録を申請内容に合わせて訂正します（承知の上で進む）',
    en: 'The DUNS record will be corrected to match (continue)',
  },
  reviewBlocked: {
    ja: 'このままでは証明書が発行されません。上の不一致を「修正 項目名」で直すか、CSRを作り直してから進んでください。',
    en: 'As it stands the certificate would not be issued. Fix the mismatches above with "edit FIELD", or make a new CSR, before you go on.',
  },
  reviewReady: {
    acquire: {
      ja: '上の内容をパネルのフォームに上から順に入力し、「確認画面へ進む」→ 内容を確認 →「取得申請をする」をクリックしてください。申請したら「パネルで申請しました」とお答えください。',
      en: 'Type the values above into the panel form in this order, click "確認画面へ進む" (confirm), check everything and click "取得申請をする" (submit). Answer "submitted" when done.',
    },
    renew: {
      ja: 'CSRを入力して「登録者情報入力画面へ進む」をクリックし、上の内容を順に入力して「確認画面へ進む」→ 内容を確認 →「更新申請をする」をクリックしてください。申請したら「パネルで申請しました」とお答えください。',
      en: 'Enter the CSR, click "登録者情報入力画面へ進む", type the values above in this order, click "確認画面へ進む", check everything and click "更新申請をする" (submit renewal). Answer "submitted" when done.',
    },
    reissue: REISSUE_TEXT.reviewReady,
  } satisfies Record<FlowKind, Text>,
  fixOrganization: { ja: '組織名の入力を直す', en: 'Correct the organisation name typed here' },
  newCsr: { ja: '新しいCSRを貼り付ける', en: 'Paste a new CSR' },
  newCsrCommand: {
    ja: '新しいCSRは次のコマンドで作れます（入力済みの組織名・所在地を使っています）:',
    en: 'A new CSR can be made with this command (it uses the organisation and location entered):',
  },
  agreementIntro: AGREEMENT_INTRO,
  summaryTitle: { ja: '申請内容のまとめ', en: 'Application summary' },
  panelSection: { ja: 'SSL登録者情報（パネルの入力順）', en: 'Registrant information (panel order)' },
  dunsSection: { ja: 'DUNS登録情報', en: 'DUNS record' },
  csrSection: { ja: 'CSR', en: 'CSR' },
  agreementSection: {
    ja: '手順{n}「I ACCEPT」画面に入力する値',
    en: 'Values for the "I ACCEPT" page (step {n})',
  },
  agreementValues: { ja: '「I ACCEPT」画面に入力する値', en: 'Values for the "I ACCEPT" page' },
  contactPhoneRenewNote: {
    ja: 'Contact Phone No にはDUNS登録に使った電話番号を入力します。上は登録者の電話番号です。DUNSの番号が違う場合はそちらを入力してください。',
    en: 'Contact Phone No must be the phone number registered with DUNS. Shown above is the registrant phone; if DUNS has a different number, type that one.',
  },
  notYet: { ja: '（未入力）', en: '(not yet)' },
  removedAfterIssue: { ja: '（発行後に削除済み）', en: '(removed after issuance)' },
  statusTitle: { ja: '進捗', en: 'Progress' },
  cancelled: {
    ja: 'この申請はキャンセルされました。新しく始めるには、次から選んでください（「取得」「更新」と送っても始められます）。',
    en: 'This application was cancelled. To start a new one, pick below (or send "acquire" or "renew").',
  },
  issuedClosed: {
    ja: 'この申請は完了しています（証明書発行済み）。次の更新申請は、ここで「更新」と送るか次から選んで始められます（組織名・DUNSナンバーなどを引き継ぎます）。契約期間内の再発行は「再発行」と送ってください。',
    en: 'This application is complete (certificate issued). Start the next renewal here by sending "renew" or picking below (the organisation, DUNS number and more are carried over); send "reissue" for a reissue within the contract.',
  },
  listSeparator: { ja: '、', en: ', ' },
  none: { ja: '（なし）', en: '(none)' },
  yes: { ja: 'はい', en: 'Yes' },
  no: { ja: 'いいえ', en: 'No' },
  notKnown: { ja: '不明', en: 'Not known' },
  notAtHand: { ja: '手元にない', en: 'Not at hand' },
  yesUnchanged: { ja: 'はい、変わっていません', en: 'Yes, unchanged' },
  keyLabel: { ja: '鍵', en: 'Key' },
  expectedSerial: { ja: 'EV証明書の serialNumber（予定）', en: 'EV serialNumber (expected)' },
  startAcquire: { ja: '取得申請（新規）を始める', en: 'Start a new application (acquire)' },
  startRenew: { ja: '更新申請を始める', en: 'Start a renewal' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
  registeredName: { ja: '商号又は名称', en: 'Name' },
  furigana: { ja: 'フリガナ', en: 'Furigana' },
  englishName: { ja: '英語表記', en: 'English name' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  registeredAddress: { ja: '所在地', en: 'Address' },
  registeredAddressEn: { ja: '所在地（英語）', en: 'Address (English)' },
  acquireNoun: { ja: '取得', en: 'acquire' },
  renewNoun: { ja: '更新', en: 'renewal' },
  caMail: { ja: '認証局からのメール', en: 'A CA mail' },
  applicationRef: { ja: '申請 {id}', en: 'Application {id}' },
});
