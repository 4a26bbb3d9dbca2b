import { OPTIONAL_FIELDS } from './fields/index.js';
import { type QuestionDef, questionById, questionsFor } from './questions.js';
import type { Application } from './state.js';

/** Whether a question has its answer in the application. */
export function isAnswered(app: Application, q: QuestionDef): boolean {
  if (!isOffered(app, q)) return true;
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
  // A question this application was not offered is never gone back to.
  const before = list.slice(0, Math.max(i, 0)).filter((q) => isOffered(app, q));
  return before.at(-1);
}

/** Whether the application asks this question at all (optional questions are offered per deployment). */
export function isOffered(app: Application, q: QuestionDef): boolean {
  return q.offered === undefined || app.offers?.[q.offered] === true;
}

export function isOptional(q: QuestionDef): boolean {
  // An offered question (the corporate number) is optional by nature: `skip` leaves it empty.
  return (
    q.kind === 'field' && q.field !== undefined && (OPTIONAL_FIELDS.has(q.field) || q.offered !== undefined)
  );
}
