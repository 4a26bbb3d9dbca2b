import type { FlowKind } from '../types.js';
import { AGREEMENT } from './agreement.js';
import { CALLBACK } from './callback.js';
import { CSR } from './csr.js';
import { DOCUMENTS } from './documents.js';
import { ISSUANCE } from './issuance.js';
import { PREPARE } from './prepare.js';
import { REGISTRANT } from './registrant.js';
import { START } from './start.js';
import type { ProcedureStep, StepId } from './step.js';
import { VERIFICATION } from './verification.js';

/** Every step, in the CA's order. */
export const PROCEDURE: readonly ProcedureStep[] = [
  PREPARE,
  START,
  CSR,
  REGISTRANT,
  VERIFICATION,
  AGREEMENT,
  DOCUMENTS,
  CALLBACK,
  ISSUANCE,
];

export const STEP: Readonly<Record<StepId, ProcedureStep>> = Object.fromEntries(
  PROCEDURE.map((s) => [s.id, s]),
) as Record<StepId, ProcedureStep>;

/**
 * Each flow as the applicant sees it: a list of numbered steps, each one or more procedure steps.
 * Renewal and reissue take the CSR and the registrant form on one panel screen (their step 3); a
 * reissue has no subscriber agreement (reissue-panel.ts). Numbers and totals come from these lists.
 */
export const FLOWS: Readonly<Record<FlowKind, ReadonlyArray<readonly StepId[]>>> = {
  acquire: [
    ['prepare'],
    ['start'],
    ['csr'],
    ['registrant'],
    ['verification'],
    ['agreement'],
    ['documents'],
    ['callback'],
    ['issuance'],
  ],
  renew: [
    ['prepare'],
    ['start'],
    ['csr', 'registrant'],
    ['verification'],
    ['agreement'],
    ['documents'],
    ['callback'],
    ['issuance'],
  ],
  reissue: [
    ['prepare'],
    ['start'],
    ['csr', 'registrant'],
    ['verification'],
    ['documents'],
    ['callback'],
    ['issuance'],
  ],
};

/** The step's number in the flow (1-based), or 0 when the flow does not have it. */
export function stepNumber(flow: FlowKind, id: StepId): number {
  return FLOWS[flow].findIndex((group) => group.includes(id)) + 1;
}

export function stepTotal(flow: FlowKind): number {
  return FLOWS[flow].length;
}

/** Whether the flow has the step. */
export function inFlow(flow: FlowKind, id: StepId): boolean {
  return stepNumber(flow, id) > 0;
}

/** The numbered steps as shown (the first procedure step of each group names it). */
export function visibleStepIds(flow: FlowKind): StepId[] {
  return FLOWS[flow].map((group) => group[0]!);
}
