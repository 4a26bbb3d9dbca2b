import { t } from './lang.js';
import type { QuestionDef } from './questions.js';
import { REISSUE_MESSAGES as M } from './reissue-messages.js';
import type { Reply } from './replies.js';
import type { Application } from './state.js';
import { stepInfo } from './step-info.js';
import { summaryReply } from './views.js';

/** The question replies of the reissue-only questions. */
export function askReissue(app: Application, q: QuestionDef): Reply[] {
  const lang = app.lang;
  const base = { type: 'question' as const, id: q.id, step: stepInfo(app, q.step) };
  switch (q.id) {
    case 'reissue.contract':
      return [{ ...base, text: t(M.contractPrompt, lang), input: 'text' }];
    case 'reissue.validated':
      return [
        {
          ...base,
          text: t(M.validatedPrompt, lang),
          input: 'text',
          choices: [{ value: 'unknown', label: lang === 'ja' ? '不明' : 'Not known' }],
        },
      ];
    case 'reissue.current':
      return [
        {
          ...base,
          text: t(M.currentPrompt, lang),
          input: 'multiline',
          choices: [{ value: 'nocert', label: lang === 'ja' ? '手元にない' : 'Not at hand' }],
        },
      ];
    case 'reissue.registrant':
      return [
        summaryReply(app),
        {
          ...base,
          text: t(M.registrantPrompt, lang),
          input: 'choice',
          choices: [{ value: 'yes', label: lang === 'ja' ? 'はい、変わっていません' : 'Yes, unchanged' }],
        },
      ];
    default:
      throw new Error(`no reissue question ${q.id}`);
  }
}
