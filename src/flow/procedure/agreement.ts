import type { Text } from '../types.js';
import { type ProcedureStep, same } from './step.js';

/**
 * Subscriber agreement and applicant confirmation (PROCESS.md step 6): Sectigo's mail with a code, the
 * I ACCEPT page filled with the application's values, accepted by the applicant themselves. Not part of
 * a reissue (flows.ts).
 */
export const AGREEMENT: ProcedureStep = {
  id: 'agreement',
  title: same({
    ja: '利用契約の同意と申請責任者確認',
    en: 'Subscriber agreement and applicant confirmation',
  }),
  questions: [{ id: 'wait.agreement', step: 'agreement', kind: 'wait', not: 'reissue' }],
  caMails: ['subscriber-agreement'],
  consumes: 'agreementCode',
  nudges: [
    {
      id: 'agreement-code-expiry',
      afterDays: 25,
      text: {
        ja: 'セクティゴ社の利用契約同意メールの認証コードは送信から30日で無効になります（残り約5日）。',
        en: 'The code in Sectigo’s subscriber agreement mail stops working 30 days after it was sent (about 5 days left).',
      },
    },
  ],
};

export const AGREEMENT_INTRO: Text = {
  ja: 'セクティゴ社の「利用契約同意確認メール」の内容を確認し、「verification code」をコピーして、メール記載のURLを開いてください。コードを入力して「Next」をクリックし、上の値を入力して「I ACCEPT」をクリックします（同意はご本人が行う必要があります。ボットが代わりに同意することはありません）。',
  en: 'Read Sectigo’s subscriber agreement email, copy its "verification code" and open the URL in it. Enter the code, click "Next", fill in the values above and click "I ACCEPT" (you must accept yourself; the bot never accepts on your behalf).',
};
