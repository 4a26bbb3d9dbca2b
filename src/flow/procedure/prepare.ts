import { REISSUE_TITLES } from '../reissue-panel.js';
import type { Text } from '../types.js';
import { type ProcedureStep, same } from './step.js';

/**
 * Step 1, before applying (PROCESS.md step 1): a DUNS number whose English name, address and phone
 * match the application exactly, and articles of incorporation stating the romanised trade name (or an
 * attorney opinion letter). A reissue asks instead about the contract, the last validation and the
 * certificate it replaces (reissue-ask.ts); the corporate number is optional and off by default.
 */
export const PREPARE: ProcedureStep = {
  id: 'prepare',
  title: { ...same({ ja: '申請前の準備', en: 'Prepare before applying' }), reissue: REISSUE_TITLES.prepare },
  questions: [
    // Reissue: the contract end, the last organisation validation, the certificate replaced.
    { id: 'reissue.contract', step: 'prepare', kind: 'reissue', only: 'reissue' },
    { id: 'reissue.validated', step: 'prepare', kind: 'reissue', only: 'reissue' },
    { id: 'reissue.current', step: 'prepare', kind: 'reissue', only: 'reissue' },
    { id: 'check.duns', step: 'prepare', kind: 'check', not: 'reissue' },
    // Acquire only: the DUNS record must match the application.
    { id: 'check.dunsDetails', step: 'prepare', kind: 'check', only: 'acquire' },
    { id: 'check.articles', step: 'prepare', kind: 'check', not: 'reissue' },
    // Optional and off by default: the corporate number (法人番号), checked offline by its check digit.
    {
      id: 'field.corporateNumber',
      step: 'prepare',
      kind: 'field',
      field: 'corporateNumber',
      offered: 'corporateNumber',
    },
  ],
};

export interface CheckOption {
  value: string;
  label: Text;
  /** True when choosing it completes the item; otherwise the engine explains what to do and asks again. */
  completes: boolean;
  /** What to tell the user when the option does not complete the item. */
  advice?: Text;
}

const AMEND_ARTICLES: Text = {
  ja: [
    '定款にローマ字商号（英文の会社名）の記載がない場合は、定款に記載を加えてください。',
    '・ローマ字商号は登記事項ではないため、公証人の認証や変更登記の手続きは不要です（株主総会の決議で定款を変更します）。',
    '・定款の最終項目に、代表取締役名義での原本証明（「本定款は当会社の現行定款に相違ありません」等と記載し、日付・代表取締役の記名押印）が必要です。',
    '・定款の代わりに弁護士意見書でも構いません。',
    '準備ができたら、もう一度お答えください。',
  ].join('\n'),
  en: [
    'If your articles of incorporation do not state the romanised trade name (the English company name), add it to the articles.',
    '- The romanised name is not a registered matter: no notarisation and no change-of-registration filing is needed (amend the articles by shareholder resolution).',
    '- The last item of the articles must carry a certification of the original in the name of the representative director (a statement that this is the current articles, the date, and the director’s name and seal).',
    '- An attorney opinion letter can be used instead of the articles.',
    'Answer again once it is ready.',
  ].join('\n'),
};

export const CHECKS: Record<string, { prompt: Text; options: CheckOption[] }> = {
  'check.duns': {
    prompt: {
      ja: 'D-U-N-S（ダンズ）ナンバーはお持ちですか？ 企業の実在確認に使われるため、申請前に必ず必要です。',
      en: 'Does your organisation have a D-U-N-S number? It is used to prove the company exists and is required before you apply.',
    },
    options: [
      { value: 'yes', label: { ja: 'はい、あります', en: 'Yes, we have one' }, completes: true },
      {
        value: 'no',
        label: { ja: 'いいえ、まだありません', en: 'No, not yet' },
        completes: false,
        advice: {
          ja: '先にDUNSナンバーを取得してください。日本では東京商工リサーチ（TSR）が D-U-N-S Number の登録・照会窓口です。登録時の英語会社名・英語住所・電話番号は、この申請と完全に一致させる必要があります。取得できたら「はい」とお答えください。',
          en: 'Obtain a D-U-N-S number first. In Japan, Tokyo Shoko Research (TSR) registers and looks up D-U-N-S numbers. The English company name, English address and phone number you register must match this application exactly. Answer "yes" once you have it.',
        },
      },
    ],
  },
  'check.dunsDetails': {
    prompt: {
      ja: 'DUNSに登録されている「英語会社名」「英語住所」「電話番号」が正しいことを確認しましたか？ 申請内容とDUNS情報が一致しないと、SSL証明書は発行されません。',
      en: 'Have you checked that the English company name, English address and phone number registered with DUNS are correct? If the application and the DUNS record differ, the certificate is NOT issued.',
    },
    options: [
      { value: 'yes', label: { ja: '確認しました', en: 'Yes, checked' }, completes: true },
      {
        value: 'no',
        label: { ja: 'まだ確認していません', en: 'Not yet' },
        completes: false,
        advice: {
          ja: 'DUNSの登録内容は東京商工リサーチ（TSR）の D-U-N-S Number 照会で確認できます。誤りがあれば申請前にTSRへ訂正を依頼してください。後の手順で、登録内容と申請内容を項目ごとに照合します。確認できたら「確認しました」とお答えください。',
          en: 'You can look the record up with Tokyo Shoko Research’s D-U-N-S Number lookup; ask TSR to correct any error before you apply. Later this bot compares the record with your application field by field. Answer "checked" once done.',
        },
      },
    ],
  },
  'check.articles': {
    prompt: {
      ja: '組織名の確認に使う書類はどれを用意できますか？ ローマ字商号の記載がある定款、または弁護士意見書が必要です。',
      en: 'Which document will confirm your organisation name? You need articles of incorporation that state the romanised trade name, or an attorney opinion letter.',
    },
    options: [
      {
        value: 'articles',
        label: { ja: 'ローマ字商号の記載がある定款', en: 'Articles with the romanised trade name' },
        completes: true,
      },
      { value: 'opinion', label: { ja: '弁護士意見書', en: 'Attorney opinion letter' }, completes: true },
      {
        value: 'none',
        label: { ja: '定款にローマ字商号の記載がない', en: 'Our articles lack the romanised name' },
        completes: false,
        advice: AMEND_ARTICLES,
      },
    ],
  },
};
