import { OPTIONAL_FIELDS } from './fields/index.js';
import { type QuestionDef, questionById, questionsFor } from './questions.js';
import type { Application } from './state.js';

/** Whether a question has its answer in the application. */
export function isAnswered(app: Application, q: QuestionDef): boolean {
  if (q.kind === 'field' && q.field) return app.fields[q.field] !== undefined;
  if (q.kind === 'csr') return app.csr !== undefined;
  return app.answers[q.id] !== undefined;
}

/** The question to ask now: the one the user went back to, or the first unanswered one. */
export function currentQuestion(app: Application): QuestionDef | undefined {
  if (app.focus) {
    const q = questionById(app.focus);
    if (q) return q;
  }
  return questionsFor(app.flow).find((q) => !isAnswered(app, q));
}

/**
 * Whether the focused question (an `edit` target) lies beyond the first unanswered one: the user
 * jumped ahead, and the first unanswered question is where they were.
 */
export function focusIsAhead(app: Application): boolean {
  if (!app.focus) return false;
  const list = questionsFor(app.flow);
  const focus = list.findIndex((q) => q.id === app.focus);
  const natural = list.findIndex((q) => !isAnswered(app, q));
  return focus >= 0 && natural >= 0 && focus > natural;
}

export function previousQuestion(app: Application, from: QuestionDef | undefined): QuestionDef | undefined {
  const list = questionsFor(app.flow);
  const i = from ? list.findIndex((q) => q.id === from.id) : list.length;
  return i > 0 ? list[i - 1] : undefined;
}

export function isOptional(q: QuestionDef): boolean {
  return q.kind === 'field' && q.field !== undefined && OPTIONAL_FIELDS.has(q.field);
}
