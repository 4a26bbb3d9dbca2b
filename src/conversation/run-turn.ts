import { randomBytes } from 'node:crypto';
import { depsWithSiteCheck } from '../check/site-check-facts.js';
import { CodedError } from '../errors.js';
import { handle, type Inbound, type Outcome, start } from '../flow/engine.js';
import { addMembers } from '../flow/members.js';
import { MESSAGES } from '../flow/messages.js';
import { currentQuestion } from '../flow/progress.js';
import { isReissueRequest } from '../flow/reissue-rules.js';
import { chooseFlow, guessLang, parseFlow } from '../flow/start.js';
import { type Actor, type Application, actorKey } from '../flow/state.js';
import type { Lang } from '../flow/types.js';
import { metrics } from '../ops/metrics.js';
import { observeTurn } from '../ops/observe-turn.js';
import type {
  ApplicationStore,
  OutboxEntry,
  SaveRequest,
  SaveResult,
  StoredApplication,
} from '../store/application-store.js';
import { dropSpentCodes } from '../store/retention.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { channelOfKey } from './conversation-key.js';
import type { TurnRequest, TurnResult, TurnServices } from './turn-request.js';
import { TURN_TEXT } from './turn-texts.js';

export type { CommittedTurn, TurnRequest, TurnResult, TurnServices } from './turn-request.js';

export function newApplicationId(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/**
 * One turn of a conversation from any channel: one read, the pure engine, one compare-and-set write that
 * also records the event id, the question the conversation is now shown and (durable conversations) the
 * replies. A conflict re-runs the turn on the fresh state: the answer applies when the conversation was
 * shown the question that is current now; when another conversation or the bot moved the application on
 * since, the person is told where it is instead.
 */
export async function runTurn(services: TurnServices, request: TurnRequest): Promise<TurnResult> {
  return observeTurn(services, request, () => turnOnce(services, request));
}

async function turnOnce(services: TurnServices, request: TurnRequest): Promise<TurnResult> {
  const now = services.clock();
  const ctx = { now, actor: request.actor, deps: services.deps };
  let read: Awaited<ReturnType<ApplicationStore['loadForTurn']>>;
  try {
    read = await services.store.loadForTurn(request.conversation, request.eventId);
  } catch (err) {
    return unavailable(services, err, request.lang ?? 'ja', undefined);
  }
  if (read.duplicate) return { status: 'duplicate' };
  const stored = read.stored;
  if (!stored && request.system) return { status: 'done', replies: [], effects: [] };
  // Bound to an application that does not exist (a claim whose save never came): start it under that id.
  if (!stored) return startTurn(services, request, now, read.applicationId, read.applicationId);
  if (services.siteCheck && !request.system && mayAct(stored.app, request.actor)) {
    ctx.deps = await depsWithSiteCheck(services.deps, services.siteCheck, stored.app, request.event);
  }
  if (
    request.restartClosed &&
    stored.app.status !== 'active' &&
    parseFlow(said(request.event)) &&
    // "再発行" in an issued application's thread reissues that application (its data carried over).
    !(stored.app.status === 'issued' && isReissueRequest(said(request.event)))
  ) {
    return startTurn(services, request, now, stored.app.id, undefined, stored.app);
  }

  let current: StoredApplication = stored;
  // The question the person is answering: what this conversation was last shown (recorded with each
  // turn); a conversation with no record yet (bound by hand) answers what the state read says.
  let answering = read.shown !== undefined ? read.shown : (currentQuestion(stored.app)?.id ?? null);
  for (let attempt = 0; attempt <= (services.maxRetries ?? 5); attempt++) {
    const { app, version } = current;
    if (!request.system && !mayAct(app, request.actor)) {
      return {
        status: 'forbidden',
        replies: [{ type: 'text', tone: 'error', text: TURN_TEXT.forbidden[app.lang] }],
        app,
      };
    }
    const outcome = turnOutcome(app, request, ctx, attempt > 0 ? answering : undefined);
    // Naming teammates who are members already changes nothing: answered, not written.
    if (request.members && outcome.changed.length === 0) {
      return { status: 'done', app, applicationId: app.id, replies: outcome.replies, effects: [] };
    }
    // Verification codes are deleted once their step is done (the store never keeps a spent code).
    outcome.app = dropSpentCodes(outcome.app, currentQuestion(outcome.app)?.step);
    const step = currentQuestion(outcome.app)?.step;
    const result = await saveOrReport(services, app.lang, app.id, {
      ...writeOf(services, request, outcome),
      expectedVersion: version,
      audit: {
        at: now.toISOString(),
        actor: actorKey(request.actor),
        ...(step ? { step } : {}),
        changed: outcome.changed,
        event: request.members ? 'members' : request.event.type,
      },
    });
    if ('replies' in result) return result;
    if (result.status === 'duplicate') return { status: 'duplicate' };
    if (result.status === 'saved') return committed(services, request, outcome, result.outbox);
    if (result.status === 'bound') break;
    metrics().conflicts.inc({ channel: channelOfKey(request.conversation) });
    services.logger.debug(
      { applicationId: app.id, attempt },
      'compare-and-set conflict, re-running the turn',
    );
    if (!result.current) break;
    current = result.current;
    if (result.shown !== undefined) answering = result.shown;
  }
  services.logger.warn(
    { applicationId: stored.app.id },
    'turn gave up after repeated compare-and-set conflicts',
  );
  return {
    status: 'done',
    replies: [{ type: 'text', tone: 'error', text: TURN_TEXT.busy[stored.app.lang] }],
    effects: [],
  };
}

/**
 * The engine's outcome for one attempt. `answering`: on a re-run, the question this conversation was
 * shown as the fresh state records it; when the application has moved on from it, the answer no longer
 * applies (undefined on a first attempt: the engine judges against the state it was given).
 */
function turnOutcome(
  app: Application,
  request: TurnRequest,
  ctx: Parameters<typeof handle>[2],
  answering: string | null | undefined,
): Outcome {
  if (request.members) {
    const out = addMembers(app, request.members.add, { now: ctx.now, label: request.members.label });
    return {
      app: out.app,
      replies: out.replies,
      effects: [],
      changed: out.added.map((a) => `member:${actorKey(a)}`),
    };
  }
  if (answering !== undefined && !request.system && (currentQuestion(app)?.id ?? null) !== answering) {
    const outcome = handle(app, { type: 'choice', value: 'intent:status' }, ctx);
    outcome.replies.unshift({ type: 'text', tone: 'warning', text: MESSAGES.movedOn[app.lang] });
    return outcome;
  }
  return handle(app, request.event, ctx);
}

/** What a turn writes besides the state: event id, shown question, outbox entry. */
function writeOf(
  services: TurnServices,
  request: TurnRequest,
  outcome: Outcome,
): Omit<SaveRequest, 'expectedVersion' | 'audit'> {
  const replies = outcome.replies;
  const durable = !request.system && replies.length > 0 && services.durable?.(request.conversation) === true;
  return {
    app: outcome.app,
    ...(request.eventId ? { eventId: request.eventId } : {}),
    ...(request.system
      ? {}
      : {
          shown: { conversation: request.conversation, question: currentQuestion(outcome.app)?.id ?? null },
        }),
    ...(durable ? { outbox: [{ conversation: request.conversation, replies, lang: outcome.app.lang }] } : {}),
  };
}

/**
 * A turn on a known application that no member started: a CA mail matched to it by domain and order
 * number (src/camail/route-ca-mail.ts). Runs under the conversation key `app:<id>`, bound on first use.
 * `member`: a person acting on an application they name by id (`/evssl add @name ID`): membership checked.
 */
export async function runTurnOnApplication(
  services: TurnServices,
  applicationId: string,
  request: Omit<TurnRequest, 'conversation' | 'system'>,
  as: 'system' | 'member' = 'system',
): Promise<TurnResult> {
  const conversation = `app:${applicationId}`;
  try {
    if ((await services.store.resolve(conversation)) !== applicationId) {
      await services.store.bind(conversation, applicationId);
    }
  } catch (err) {
    return unavailable(services, err, request.lang ?? 'ja', applicationId);
  }
  return runTurn(services, {
    ...request,
    conversation,
    ...(as === 'system' ? { system: true as const } : {}),
  });
}

export function mayAct(app: Application, actor: Actor): boolean {
  const key = actorKey(actor);
  return app.members.some((m) => actorKey(m) === key);
}

function said(event: Inbound): string {
  return event.type === 'text' ? event.text : event.type === 'choice' ? event.value : '';
}

/**
 * A new application for the conversation, created and bound in one write that claims the conversation
 * (bound to `expected` now): when two processes start one for the same conversation at once, one wins
 * and the other re-runs its turn on the winner's application (where a retried event is a duplicate).
 */
async function startTurn(
  services: TurnServices,
  request: TurnRequest,
  now: Date,
  expected: string | null,
  reuseId: string | null | undefined,
  /** The closed application this conversation had: a renewal carries over what it reuses. */
  previous?: Application,
): Promise<TurnResult> {
  const text = said(request.event);
  const lang = request.lang ?? guessLang(text, 'ja');
  const flow = parseFlow(text);
  if (!flow || request.members) return { status: 'done', replies: chooseFlow(lang), effects: [] };
  const ctx = { now, actor: request.actor, deps: services.deps };
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = (attempt === 0 && reuseId) || (services.newId ?? newApplicationId)();
    const outcome = start({ id, flow, lang, actor: request.actor, ...(previous ? { previous } : {}) }, ctx);
    const result = await saveOrReport(services, lang, id, {
      ...writeOf(services, request, outcome),
      expectedVersion: 0,
      claim: { conversation: request.conversation, expected },
      audit: {
        at: now.toISOString(),
        actor: actorKey(request.actor),
        step: 'prepare',
        changed: ['start'],
        event: request.event.type,
      },
    });
    if ('replies' in result) return result;
    if (result.status === 'duplicate') return { status: 'duplicate' };
    if (result.status === 'saved') return committed(services, request, outcome, result.outbox);
    // Another process started the conversation's application first: this turn runs on that one.
    if (result.status === 'bound') return turnOnce(services, { ...request, restartClosed: false });
    // A conflict on a new id is an id collision: try another id.
  }
  throw new CodedError('store_contention', 'could not allocate an application id after 3 attempts');
}

/** A save, or the turn's answer when the store is unreachable (thrown faults other than that propagate). */
async function saveOrReport(
  services: TurnServices,
  lang: Lang,
  applicationId: string,
  request: SaveRequest,
): Promise<SaveResult | TurnResult> {
  try {
    return await services.store.save(request);
  } catch (err) {
    return unavailable(services, err, lang, applicationId);
  }
}

/** Tells the person to send again only when the turn certainly did not commit; logs one clear line. */
function unavailable(
  services: TurnServices,
  err: unknown,
  lang: Lang,
  applicationId: string | undefined,
): TurnResult {
  if (!(err instanceof StoreUnavailableError)) throw err;
  services.logger.warn(
    { ...(applicationId ? { applicationId } : {}), committed: err.committed, code: err.code },
    `turn not completed: the application store is unavailable (${err.hint})`,
  );
  const which = err.committed === false ? 'not-saved' : 'unknown';
  const text = TURN_TEXT[which === 'not-saved' ? 'notSaved' : 'unknown'][lang];
  return {
    status: 'done',
    replies: [{ type: 'text', tone: 'error', text }],
    effects: [],
    unavailable: which,
  };
}

/** A turn that committed: tell the after-commit listeners once, then hand the replies to the channel. */
async function committed(
  services: TurnServices,
  request: TurnRequest,
  outcome: Outcome,
  outbox: OutboxEntry[],
): Promise<TurnResult> {
  try {
    await services.onCommitted?.({
      app: outcome.app,
      conversation: request.conversation,
      effects: outcome.effects,
    });
  } catch (err) {
    // The turn is committed and its replies are owed: a listener's failure must not lose them.
    const code = (err as { code?: string }).code;
    services.logger.warn({ applicationId: outcome.app.id, code }, 'after-commit listener failed');
  }
  return {
    status: 'done',
    applicationId: outcome.app.id,
    app: outcome.app,
    replies: outcome.replies,
    effects: outcome.effects,
    ...(outbox.length > 0 ? { outbox } : {}),
  };
}
