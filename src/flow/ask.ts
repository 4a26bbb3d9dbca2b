import { t } from './catalogue.js';
import { corporateWarnings, registrySuggestion } from './corporate.js';
import type { EngineDeps } from './deps.js';
import {
  approvalEmailChoices,
  countryChoices,
  displayValue,
  FIELD_PROMPTS,
  prefectureChoices,
} from './fields/index.js';
import { opensslHint } from './openssl-hint.js';
import { isOptional } from './progress.js';
import { CHECKS, CONFIRM_START, CSR_PROMPT, type QuestionDef } from './questions.js';
import { askReissue } from './reissue-ask.js';
import { REISSUE_TEXT } from './reissue-panel.js';
import type { Reply, ReplyChoice } from './replies.js';
import { textReply } from './replies.js';
import type { Application } from './state.js';
import { stepInfo } from './step-info.js';
import { agreementSection, reviewState, summaryReply } from './views.js';
import { ISSUANCE_TEXT, WAIT_TEXT } from './waits.js';
import { words } from './words.js';

/** The reply (or replies) that ask a question, in the application's language. */
export function ask(app: Application, q: QuestionDef, deps: EngineDeps): Reply[] {
  const step = stepInfo(app, q.step);
  const lang = app.lang;
  const base = { type: 'question' as const, id: q.id, step };
  switch (q.kind) {
    case 'check': {
      const c = CHECKS[q.id];
      if (!c) throw new Error(`no check ${q.id}`);
      return [
        {
          ...base,
          text: t(c.prompt, lang),
          input: 'choice',
          choices: c.options.map((o) => opt(o.value, t(o.label, lang))),
        },
      ];
    }
    case 'confirm':
      return [
        {
          ...base,
          text: t(CONFIRM_START[app.flow], lang),
          input: 'choice',
          choices: [opt('done', words.opened[lang])],
        },
      ];
    case 'csr':
      return [
        {
          ...base,
          text: `${t(app.flow === 'reissue' ? REISSUE_TEXT.csrPrompt : CSR_PROMPT, lang)}\n${opensslHint(app, lang)}`,
          input: 'multiline',
          ...(app.csr ? { current: app.csr.commonName ?? '' } : {}),
        },
      ];
    case 'field': {
      const field = q.field!;
      const current = app.fields[field];
      const reply: Reply = {
        ...base,
        field,
        text: t(FIELD_PROMPTS[field], lang),
        input: 'text',
        optional: isOptional(q),
        ...(current !== undefined ? { current: displayValue(field, current, lang) } : {}),
      };
      const hint = registrySuggestion(app, field, deps);
      if (hint) {
        const note: Reply = { type: 'text', tone: 'info', text: hint.text };
        if (hint.choice) return [note, { ...reply, choices: [opt(hint.choice, hint.choice)] }];
        // The question as it is without the registry (the prefecture list, the plain city question).
        return [note, ...ask(app, q, { ...deps, corporateRegistry: undefined })];
      }
      if (field === 'approvalEmail' && app.csr?.domain) {
        return [
          { ...reply, input: 'choice', choices: approvalEmailChoices(app.csr.domain).map((a) => opt(a, a)) },
        ];
      }
      if (field === 'prefecture' && (app.fields.countryCode ?? 'JP') === 'JP') {
        return [
          {
            ...reply,
            input: 'select',
            choices: prefectureChoices().map((c) => opt(c.value, t(c.label, lang))),
          },
        ];
      }
      if (field === 'countryCode') {
        return [
          { ...reply, input: 'select', choices: countryChoices().map((c) => opt(c.value, t(c.label, lang))) },
        ];
      }
      return [reply];
    }
    case 'review':
      return askReview(app, q, deps);
    case 'wait':
      return askWait(app, q);
    case 'reissue':
      return askReissue(app, q);
  }
}

function opt(value: string, label: string): ReplyChoice {
  return { value, label };
}

function askReview(app: Application, q: QuestionDef, deps: EngineDeps): Reply[] {
  const lang = app.lang;
  const { mismatches, csrProblems, blocked } = reviewState(app, deps);
  const replies: Reply[] = [summaryReply(app, deps)];
  for (const m of mismatches) replies.push(textReply(m.message, lang, {}, 'error'));
  replies.push(...corporateWarnings(app, deps));
  for (const p of csrProblems) {
    replies.push({
      type: 'text',
      tone: p.severity === 'error' ? 'error' : 'warning',
      text: t(p.message, lang),
    });
  }
  const choices: ReplyChoice[] = [];
  let text: string;
  if (blocked) {
    text = words.reviewBlocked[lang];
    if (mismatches.length > 0 && csrProblems.every((p) => p.severity !== 'error')) {
      choices.push(opt('acknowledge', words.acknowledgeDuns[lang]));
    }
    // A CSR the review refuses: the ways out are a new CSR (with the command for this application)
    // or, when only the organisation name differs, correcting the name typed here.
    if (csrProblems.some((p) => p.severity === 'error')) {
      if (csrProblems.some((p) => p.code === 'csr.organization-mismatch')) {
        choices.push(opt('intent:edit organizationName', words.fixOrganization[lang]));
      }
      choices.push(opt('intent:edit csr', words.newCsr[lang]));
      text = `${text}\n${words.newCsrCommand[lang]}\n${opensslHint(app, lang)}`;
    }
  } else {
    text = words.reviewReady[app.flow][lang];
    choices.push(opt('submitted', words.submitted[lang]));
  }
  return [
    ...replies,
    { type: 'question', id: q.id, step: stepInfo(app, q.step), text, input: 'choice', choices },
  ];
}

function askWait(app: Application, q: QuestionDef): Reply[] {
  const lang = app.lang;
  const step = stepInfo(app, q.step);
  const question = (text: string, done: string): Reply => ({
    type: 'question',
    id: q.id,
    step,
    text,
    input: 'text',
    choices: [opt('done', done)],
  });
  if (q.id === 'wait.agreement') {
    const s = agreementSection(app);
    return [
      { type: 'summary', title: s.title, sections: [s] },
      question(t(words.agreementIntro, lang), words.done[lang]),
    ];
  }
  if (q.id === 'wait.issuance') return [question(t(ISSUANCE_TEXT[app.flow], lang), words.issued[lang])];
  const text = WAIT_TEXT[q.id];
  if (!text) throw new Error(`no wait text ${q.id}`);
  return [question(t(text, lang), words.done[lang])];
}
