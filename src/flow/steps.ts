import { REISSUE_TITLES } from './reissue-panel.js';
import type { FlowKind, Text } from './types.js';

/**
 * The steps of both flows (PROCESS.md "Steps"). Renewal numbers them 1-8: its step 3 is the CSR and the
 * registrant form together, and its step 1 has no "DUNS details match" item.
 */
export const STEP_IDS = [
  'prepare',
  'start',
  'csr',
  'registrant',
  'verification',
  'agreement',
  'documents',
  'callback',
  'issuance',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface StepDef {
  id: StepId;
  number: Record<FlowKind, number>;
  title: Record<FlowKind, Text>;
}

const same = (t: Text): Record<FlowKind, Text> => ({ acquire: t, renew: t, reissue: t });

export const STEPS: Record<StepId, StepDef> = {
  prepare: {
    id: 'prepare',
    number: { acquire: 1, renew: 1, reissue: 1 },
    title: {
      ...same({ ja: '申請前の準備', en: 'Prepare before applying' }),
      reissue: REISSUE_TITLES.prepare,
    },
  },
  start: {
    id: 'start',
    number: { acquire: 2, renew: 2, reissue: 2 },
    title: {
      acquire: { ja: '取得申請の開始', en: 'Start the application' },
      renew: { ja: '更新申請の開始', en: 'Start the renewal' },
      reissue: REISSUE_TITLES.start,
    },
  },
  csr: {
    id: 'csr',
    number: { acquire: 3, renew: 3, reissue: 3 },
    title: {
      acquire: { ja: 'CSRの入力', en: 'Enter the CSR' },
      renew: { ja: '申請情報の入力（CSR）', en: 'Enter the application (CSR)' },
      reissue: REISSUE_TITLES.csr,
    },
  },
  registrant: {
    id: 'registrant',
    number: { acquire: 4, renew: 3, reissue: 3 },
    title: {
      acquire: { ja: 'SSL登録者情報の入力', en: 'Enter the registrant information' },
      renew: { ja: '申請情報の入力（SSL登録者情報）', en: 'Enter the application (registrant)' },
      reissue: REISSUE_TITLES.csr,
    },
  },
  verification: {
    id: 'verification',
    number: { acquire: 5, renew: 4, reissue: 4 },
    title: same({ ja: 'オンライン認証', en: 'Online verification' }),
  },
  agreement: {
    id: 'agreement',
    number: { acquire: 6, renew: 5, reissue: 0 },
    title: same({
      ja: '利用契約の同意と申請責任者確認',
      en: 'Subscriber agreement and applicant confirmation',
    }),
  },
  documents: {
    id: 'documents',
    number: { acquire: 7, renew: 6, reissue: 5 },
    title: same({ ja: '申請組織を確認できる書類の提出', en: 'Send the organisation documents' }),
  },
  callback: {
    id: 'callback',
    number: { acquire: 8, renew: 7, reissue: 6 },
    title: same({ ja: '電話での確認', en: 'Phone verification (callback)' }),
  },
  issuance: {
    id: 'issuance',
    number: { acquire: 9, renew: 8, reissue: 7 },
    title: {
      acquire: { ja: '新規取得手続き完了', en: 'Issuance' },
      renew: { ja: '更新手続き完了', en: 'Issuance' },
      reissue: REISSUE_TITLES.issuance,
    },
  },
};

export function stepTotal(flow: FlowKind): number {
  return flow === 'acquire' ? 9 : flow === 'renew' ? 8 : 7;
}

/** The steps as the user sees them: renewal shows CSR and registrant as its one step 3. */
export function visibleSteps(flow: FlowKind): StepDef[] {
  return STEP_IDS.map((id) => STEPS[id]).filter(
    (s) =>
      !(flow !== 'acquire' && s.id === 'registrant') &&
      // A reissue has no subscriber agreement step (src/flow/reissue-panel.ts).
      !(flow === 'reissue' && s.id === 'agreement'),
  );
}
