import { REISSUE_TEXT, REISSUE_TITLES } from '../reissue-panel.js';
import type { FlowKind, Text } from '../types.js';
import type { ProcedureStep } from './step.js';

/** Issuance (PROCESS.md step 9): the CA's review, the download mail, the certificate installed. */
export const ISSUANCE: ProcedureStep = {
  id: 'issuance',
  title: {
    acquire: { ja: '新規取得手続き完了', en: 'Issuance' },
    renew: { ja: '更新手続き完了', en: 'Issuance' },
    reissue: REISSUE_TITLES.issuance,
  },
  questions: [{ id: 'wait.issuance', step: 'issuance', kind: 'wait' }],
  caMails: ['certificate-issued'],
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
