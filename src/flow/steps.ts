import { FLOWS, STEP, stepNumber, stepTotal, visibleStepIds } from './procedure/flows.js';
import { STEP_IDS, type StepId } from './procedure/step.js';
import type { FlowKind, Text } from './types.js';

/** The steps' numbers and titles, derived from the procedure (src/flow/procedure/: one file per step). */
export { STEP_IDS, type StepId, stepTotal };

export interface StepDef {
  id: StepId;
  number: Record<FlowKind, number>;
  title: Record<FlowKind, Text>;
}

const FLOW_KINDS = Object.keys(FLOWS) as FlowKind[];

export const STEPS: Record<StepId, StepDef> = Object.fromEntries(
  STEP_IDS.map((id) => [
    id,
    {
      id,
      number: Object.fromEntries(FLOW_KINDS.map((f) => [f, stepNumber(f, id)])) as Record<FlowKind, number>,
      title: STEP[id].title,
    },
  ]),
) as Record<StepId, StepDef>;

/** The steps as the user sees them: renewal shows CSR and registrant as its one step 3. */
export function visibleSteps(flow: FlowKind): StepDef[] {
  return visibleStepIds(flow).map((id) => STEPS[id]);
}
