import { inFlow, PROCEDURE } from './procedure/flows.js';
import type { QuestionDef } from './procedure/step.js';
import type { FieldName, FlowKind } from './types.js';

export { CSR_PROMPT } from './procedure/csr.js';
export { CHECKS, type CheckOption } from './procedure/prepare.js';
export { CONFIRM_START } from './procedure/start.js';
export type { QuestionDef, QuestionKind } from './procedure/step.js';

/**
 * Every question of every flow in the order they are asked, from the steps that own them
 * (src/flow/procedure/). The engine asks the first unanswered one that applies to the application's
 * flow (or the one the user went back to).
 */
export const QUESTIONS: readonly QuestionDef[] = PROCEDURE.flatMap((s) => s.questions);

export function questionsFor(flow: FlowKind): QuestionDef[] {
  return QUESTIONS.filter(
    (q) => inFlow(flow, q.step) && (q.only === undefined || q.only === flow) && q.not !== flow,
  );
}

export function questionById(id: string): QuestionDef | undefined {
  return QUESTIONS.find((q) => q.id === id);
}

export function fieldQuestionId(field: FieldName): string {
  return `field.${field}`;
}
