import type { ProcedureStep } from './step.js';
import { same } from './step.js';

/**
 * Online verification (PROCESS.md step 5): CloudSecure's English approval mail to the approval address,
 * its URL opened and its verification code entered by the applicant. The code expires 30 days after it
 * is sent, hence the nudge at 25 days.
 */
export const VERIFICATION: ProcedureStep = {
  id: 'verification',
  title: same({ ja: 'オンライン認証', en: 'Online verification' }),
  questions: [{ id: 'wait.verification', step: 'verification', kind: 'wait' }],
  waiting: {
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
  caMails: ['approval-request', 'dcv'],
  consumes: 'approvalCode',
  nudges: [
    {
      id: 'approval-mail',
      afterDays: 2,
      text: {
        ja: 'クラウドセキュア社の承認確認メールはまだ処理されていません。メールのURLを開き、記載の認証コードを入力してください。',
        en: 'The CloudSecure approval mail has not been acted on yet: open its URL and enter the verification code it contains.',
      },
    },
    {
      id: 'code-expiry',
      afterDays: 25,
      text: {
        ja: '承認確認メールの認証コードは送信から30日で無効になります（残り約5日）。早めに入力してください。',
        en: 'The verification code in the approval mail stops working 30 days after it was sent (about 5 days left). Please enter it soon.',
      },
    },
  ],
};
