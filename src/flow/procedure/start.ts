import { REISSUE_TEXT, REISSUE_TITLES } from '../reissue-panel.js';
import type { FlowKind, Text } from '../types.js';
import type { ProcedureStep } from './step.js';

/** Step 2 (PROCESS.md step 2): open the panel's 取得申請 / 更新申請 form for the SSL purchased. */
export const START: ProcedureStep = {
  id: 'start',
  title: {
    acquire: { ja: '取得申請の開始', en: 'Start the application' },
    renew: { ja: '更新申請の開始', en: 'Start the renewal' },
    reissue: REISSUE_TITLES.start,
  },
  questions: [{ id: 'start.done', step: 'start', kind: 'confirm' }],
};

export const CONFIRM_START: Record<FlowKind, Text> = {
  acquire: {
    ja: 'XServerアカウントにログインし、トップページの「SSL証明書」から、お申し込み済みのSSLの「取得申請」をクリックしてください。フォームが開いたら「開きました」とお答えください。',
    en: 'Log in to your XServer account, open "SSL証明書" (SSL certificates) on the top page and click "取得申請" (apply) on the SSL you purchased. Answer "opened" when the form is open.',
  },
  renew: {
    ja: 'XServerアカウントにログインし、トップページの「SSL証明書」から、お申し込み済みのSSLの「更新申請」をクリックしてください。フォームが開いたら「開きました」とお答えください。',
    en: 'Log in to your XServer account, open "SSL証明書" (SSL certificates) on the top page and click "更新申請" (renew) on your SSL. Answer "opened" when the form is open.',
  },
  reissue: REISSUE_TEXT.confirmStart,
};
