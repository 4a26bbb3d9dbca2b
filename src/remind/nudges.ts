import { DAY_MS } from '../flow/days.js';
import { PROCEDURE } from '../flow/procedure/flows.js';
import type { NudgeId, StepId } from '../flow/procedure/step.js';
import type { Lang, Text } from '../flow/types.js';
import type { ReminderMessage } from './message.js';

/** A stalled-step nudge: which step, when after entering it, and why. */
export interface NudgeRule {
  id: NudgeId;
  step: StepId;
  afterDays: number;
}

/**
 * The nudges of the waiting steps, as the steps define them (src/flow/procedure/: the verification
 * codes in the CloudSecure and Sectigo mails stop working 30 days after they are sent, so a nudge comes
 * 5 days before that).
 */
export const NUDGE_RULES: NudgeRule[] = PROCEDURE.flatMap((s) =>
  (s.nudges ?? []).map((n) => ({ id: n.id, step: s.id, afterDays: n.afterDays })),
);

/** What each nudge says, from the step that owns it. */
const NUDGE_TEXT = Object.fromEntries(
  PROCEDURE.flatMap((s) => (s.nudges ?? []).map((n) => [n.id, n.text])),
) as Record<NudgeId, Text>;

export interface PlannedNudge {
  nudge: NudgeRule['id'];
  dueAt: number;
}

/** The nudges for a step entered at `since` (all of them; each fires only if the step is still current). */
export function nudgesFor(step: StepId, since: string, rules: NudgeRule[] = NUDGE_RULES): PlannedNudge[] {
  const start = Date.parse(since);
  return rules
    .filter((r) => r.step === step)
    .map((r) => ({ nudge: r.id, dueAt: start + r.afterDays * DAY_MS }));
}

export function nudgeMessage(nudge: NudgeRule['id'], applicationId: string, lang: Lang): ReminderMessage {
  return lang === 'ja'
    ? { subject: `【EV SSL申請 ${applicationId}】手続きが止まっています`, text: NUDGE_TEXT[nudge].ja }
    : { subject: `[EV SSL application ${applicationId}] waiting on you`, text: NUDGE_TEXT[nudge].en };
}
