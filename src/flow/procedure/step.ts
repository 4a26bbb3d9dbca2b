import type { CaMailKind } from '../facts.js';
import type { FieldName, FlowKind, Text } from '../types.js';

/**
 * The EV procedure's steps (PROCESS.md "Steps"), in the order the CA takes them. A flow (acquire,
 * renew, reissue: flows.ts) is a list of these; its numbering and total are derived from that list.
 */
export const STEP_IDS = [
  'prepare',
  'start',
  'csr',
  'registrant',
  'verification',
  'agreement',
  'documents',
  'callback',
  'issuance',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Whether a string read from outside (a stored audit line, a button's value) is a step id. */
export function isStepId(s: unknown): s is StepId {
  return typeof s === 'string' && (STEP_IDS as readonly string[]).includes(s);
}

export type QuestionKind = 'check' | 'confirm' | 'csr' | 'field' | 'review' | 'wait' | 'reissue';

export interface QuestionDef {
  id: string;
  step: StepId;
  kind: QuestionKind;
  field?: FieldName;
  /** Flows the question belongs to (every flow that has its step when absent). */
  only?: FlowKind;
  /** Asked only when the application was offered it (`app.offers`); otherwise it counts as answered. */
  offered?: 'corporateNumber';
  /** A flow the question does not belong to. */
  not?: FlowKind;
}

/** The stalled-step nudges (src/remind/nudges.ts words them). */
export type NudgeId = 'approval-mail' | 'code-expiry' | 'agreement-code-expiry' | 'documents' | 'callback';

/** Everything one step owns: read one step's file against the manual. */
export interface ProcedureStep {
  id: StepId;
  /** The step's title in each flow (the panel's words differ). */
  title: Record<FlowKind, Text>;
  /** Its questions, in the order they are asked. */
  questions: readonly QuestionDef[];
  /** What the applicant does while the step waits on them or the CA (its `wait.*` question). */
  waiting?: Text;
  /** CA mails that complete this step's waiting question when they arrive from a trusted sender. */
  caMails?: readonly CaMailKind[];
  /** The CA verification code this step consumes: deleted once the application is past the step. */
  consumes?: 'approvalCode' | 'agreementCode';
  /** Nudges while the step stalls: so many days after it was entered, and what they say. */
  nudges?: ReadonlyArray<{ id: NudgeId; afterDays: number; text: Text }>;
}

/** The one waiting question of a step (`wait.<step>`), if it has one. */
export function waitQuestionOf(step: ProcedureStep): QuestionDef | undefined {
  return step.questions.find((q) => q.kind === 'wait');
}

export const same = (t: Text): Record<FlowKind, Text> => ({ acquire: t, renew: t, reissue: t });
