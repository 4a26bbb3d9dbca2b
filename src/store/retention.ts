import type { RetentionSettings } from '../config/redis.js';
import { PROCEDURE } from '../flow/procedure/flows.js';
import type { Application } from '../flow/state.js';
import { STEP_IDS, type StepId } from '../flow/steps.js';

export type { RetentionSettings };

/** Which step consumes which CA verification code: the steps say so (`consumes`, src/flow/procedure/). */
const CODE_STEPS = Object.fromEntries(
  PROCEDURE.flatMap((s) => (s.consumes ? [[s.consumes, s.id]] : [])),
) as Record<'approvalCode' | 'agreementCode', StepId>;

/**
 * Verification codes are secrets with one use: once the application has moved past the step that
 * consumes a code (or is no longer active), the code is deleted. `step` is the step the application is
 * at after the turn (runTurn passes `currentQuestion(app)?.step`). Returns the input when nothing changes.
 */
export function dropSpentCodes(app: Application, step: StepId | undefined): Application {
  const ca = app.ca;
  if (!ca) return app;
  const at = step ? STEP_IDS.indexOf(step) : STEP_IDS.length;
  const spent = (Object.keys(CODE_STEPS) as Array<keyof typeof CODE_STEPS>).filter(
    (code) => ca[code] !== undefined && (app.status !== 'active' || at > STEP_IDS.indexOf(CODE_STEPS[code])),
  );
  if (spent.length === 0) return app;
  const next = { ...ca };
  for (const code of spent) delete next[code];
  return { ...app, ca: next };
}

/**
 * After issuance only what renewal needs is kept: the properties named in `keep` (`csr`, `members`,
 * `fields.organizationName`, …). `schemaVersion`, `id` and `status` are always kept.
 */
export function pruneIssued(app: Application, keep: string[]): Application {
  if (app.status !== 'issued') return app;
  const src = app as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { schemaVersion: app.schemaVersion, id: app.id, status: app.status };
  const fields: Record<string, string> = {};
  for (const name of keep) {
    if (name.startsWith('fields.')) {
      const f = name.slice('fields.'.length) as keyof Application['fields'];
      const value = app.fields[f];
      if (value !== undefined) fields[f] = value;
    } else if (src[name] !== undefined && name !== 'fields') out[name] = src[name];
    else if (name === 'fields') Object.assign(fields, app.fields);
  }
  out.fields = fields;
  // Shape fields the engine expects on every application, emptied rather than dropped.
  out.answers ??= {};
  out.members ??= [];
  out.flow ??= app.flow;
  out.lang ??= app.lang;
  out.createdAt ??= app.createdAt;
  out.updatedAt ??= app.updatedAt;
  out.stepSince ??= app.stepSince;
  return out as unknown as Application;
}

/** How long the stored application lives from this write (milliseconds), by its status. */
export function expiryFor(app: Application, retention: RetentionSettings): number {
  if (app.status === 'cancelled') return retention.cancelledMs;
  if (app.status === 'issued') return retention.issuedMs;
  return retention.abandonedMs;
}
