import { t } from './catalogue.js';
import type { QuestionDef } from './questions.js';
import { REISSUE_MESSAGES as M } from './reissue-messages.js';
import type { Reply } from './replies.js';
import type { Application } from './state.js';
import { stepInfo } from './step-info.js';
import { summaryReply } from './views.js';
import { words } from './words.js';

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
          choices: [{ value: 'unknown', label: t(words.notKnown, lang) }],
        },
      ];
    case 'reissue.current':
      return [
        {
          ...base,
          text: t(M.currentPrompt, lang),
          input: 'multiline',
          choices: [{ value: 'nocert', label: t(words.notAtHand, lang) }],
        },
      ];
    case 'reissue.registrant':
      return [
        summaryReply(app),
        {
          ...base,
          text: t(M.registrantPrompt, lang),
          input: 'choice',
          choices: [{ value: 'yes', label: t(words.yesUnchanged, lang) }],
        },
      ];
    default:
      throw new Error(`no reissue question ${q.id}`);
  }
}
