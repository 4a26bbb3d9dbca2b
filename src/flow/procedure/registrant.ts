import { REISSUE_TITLES } from '../reissue-panel.js';
import { DUNS_FIELDS, REGISTRANT_FIELDS } from '../types.js';
import type { ProcedureStep, QuestionDef } from './step.js';

const field = (f: (typeof REGISTRANT_FIELDS)[number] | (typeof DUNS_FIELDS)[number]): QuestionDef => ({
  id: `field.${f}`,
  step: 'registrant',
  kind: 'field',
  field: f,
});

/**
 * The registrant information (PROCESS.md step 4): the thirteen fields in the panel's order, then (acquire
 * only) the DUNS record to compare them with, then the review that is typed into the panel and submitted.
 */
export const REGISTRANT: ProcedureStep = {
  id: 'registrant',
  title: {
    acquire: { ja: 'SSL登録者情報の入力', en: 'Enter the registrant information' },
    renew: { ja: '申請情報の入力（SSL登録者情報）', en: 'Enter the application (registrant)' },
    reissue: REISSUE_TITLES.csr,
  },
  questions: [
    ...REGISTRANT_FIELDS.map(field),
    ...DUNS_FIELDS.map((f) => ({ ...field(f), only: 'acquire' as const })),
    { id: 'reissue.registrant', step: 'registrant', kind: 'reissue', only: 'reissue' },
    { id: 'review', step: 'registrant', kind: 'review' },
  ],
};
