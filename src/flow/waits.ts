import { AGREEMENT_INTRO } from './procedure/agreement.js';
import { PROCEDURE } from './procedure/flows.js';
import { ISSUANCE_TEXT } from './procedure/issuance.js';
import { waitQuestionOf } from './procedure/step.js';
import type { Text } from './types.js';

export { AGREEMENT_INTRO, ISSUANCE_TEXT };

/** The waiting steps' instructions by question id, from the steps that own them (src/flow/procedure/). */
export const WAIT_TEXT: Record<string, Text> = Object.fromEntries(
  PROCEDURE.flatMap((s) => {
    const q = waitQuestionOf(s);
    return q && s.waiting ? [[q.id, s.waiting]] : [];
  }),
);
