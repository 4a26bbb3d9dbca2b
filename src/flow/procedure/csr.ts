import { REISSUE_TITLES } from '../reissue-panel.js';
import type { Text } from '../types.js';
import type { ProcedureStep } from './step.js';

/**
 * Step 3 (PROCESS.md step 3): the CSR pasted into the form, then 「登録者情報入力画面へ進む」. Renewal and
 * reissue show this step and the registrant form as their one step 3 (flows.ts).
 */
export const CSR: ProcedureStep = {
  id: 'csr',
  title: {
    acquire: { ja: 'CSRの入力', en: 'Enter the CSR' },
    renew: { ja: '申請情報の入力（CSR）', en: 'Enter the application (CSR)' },
    reissue: REISSUE_TITLES.csr,
  },
  questions: [{ id: 'csr', step: 'csr', kind: 'csr' }],
};

/** Step 3: paste the CSR (the command that makes one is appended, built from the application). */
export const CSR_PROMPT: Text = {
  ja: 'CSR（証明書署名要求）を貼り付けてください。「-----BEGIN CERTIFICATE REQUEST-----」から「-----END CERTIFICATE REQUEST-----」まで全部です。秘密鍵（PRIVATE KEY）は絶対に貼り付けないでください。\nCSRの作り方の例（サーバー上で実行）:',
  en: 'Paste your CSR (certificate signing request): everything from "-----BEGIN CERTIFICATE REQUEST-----" to "-----END CERTIFICATE REQUEST-----". Never paste the private key.\nTo make one (on the server):',
};
