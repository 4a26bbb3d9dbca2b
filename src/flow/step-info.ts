import type { StepInfo } from './replies.js';
import type { Application } from './state.js';
import { STEPS, type StepId, stepTotal } from './steps.js';

export function stepInfo(app: Application, id: StepId): StepInfo {
  const def = STEPS[id];
  return {
    id,
    number: def.number[app.flow],
    total: stepTotal(app.flow),
    title: def.title[app.flow][app.lang],
  };
}
