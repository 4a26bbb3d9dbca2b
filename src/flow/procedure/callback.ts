import { type ProcedureStep, same } from './step.js';

/** The phone verification (PROCESS.md step 8): the CA calls the DUNS number and asks for the applicant. */
export const CALLBACK: ProcedureStep = {
  id: 'callback',
  title: same({ ja: '電話での確認', en: 'Phone verification (callback)' }),
  questions: [{ id: 'wait.callback', step: 'callback', kind: 'wait' }],
  waiting: {
    ja: '認証機関から電話確認があります。電話をかけた担当者が申請責任者のお名前を伝え、取り次ぎを依頼します。取り次げない場合は、申請責任者の電話番号を聞いて改めて連絡します。代表電話に出る方へ事前に伝えておくと確実です。電話確認が済んだら「完了」とお答えください。',
    en: 'The CA will call. The caller gives the applicant-in-charge’s name and asks to be transferred; if that is impossible they ask for that person’s number and call again. Tell whoever answers your main line in advance. Answer "done" once the call has taken place.',
  },
  caMails: ['callback'],
  nudges: [
    {
      id: 'callback',
      afterDays: 5,
      text: {
        ja: '認証機関からの電話確認がまだ済んでいないようです。代表電話に出る方へ、申請責任者への取り次ぎをお願いしておいてください。',
        en: 'The CA’s phone verification seems still pending: ask whoever answers your main line to transfer the call to the applicant-in-charge.',
      },
    },
  ],
};
