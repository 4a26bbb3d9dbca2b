import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { EngineDeps } from '../flow/deps.js';
import { handle, type Inbound, type Outcome, start } from '../flow/engine.js';
import { MESSAGES } from '../flow/help.js';
import { currentQuestion } from '../flow/progress.js';
import type { Effect, Reply } from '../flow/replies.js';
import { chooseFlow, guessLang, parseFlow } from '../flow/start.js';
import { type Actor, type Application, actorKey } from '../flow/state.js';
import type { Lang } from '../flow/types.js';
import type { ApplicationStore, SaveRequest, SaveResult, TurnRead } from '../store/application-store.js';
import { dropSpentCodes } from '../store/retention.js';
import { StoreUnavailableError } from '../store/store-errors.js';

export interface TurnServices {
  store: ApplicationStore;
  deps: EngineDeps;
  logger: Logger;
  clock?: () => Date;
  newId?: () => string;
  /** Compare-and-set retries before giving up (another writer keeps winning). */
  maxRetries?: number;
  /**
   * Called once after a turn has committed, with what it saved and its effects (renewal reminders and
   * stalled-step nudges listen here). Never called for a turn that did not commit.
   */
  onCommitted?: (turn: CommittedTurn) => Promise<void>;
}

export interface CommittedTurn {
  app: Application;
  conversation: string;
  effects: Effect[];
}

export interface TurnRequest {
  /** Channel conversation key: `console:<session>`, `slack:<team>:<channel>:<thread_ts>`, `email:<thread>`. */
  conversation: string;
  actor: Actor;
  event: Inbound;
  /** Idempotency key of the inbound event (Slack event id, email Message-ID). */
  eventId?: string;
  /** Language for a conversation that has no application yet. */
  lang?: Lang;
  /**
   * The bot itself acts (a recognised CA mail, issue 6): membership is not checked and an unbound
   * conversation never starts an application. Set only by runTurnOnApplication.
   */
  system?: true;
}

export type TurnResult =
  | { status: 'done'; applicationId?: string; app?: Application; replies: Reply[]; effects: Effect[] }
  | { status: 'duplicate' }
  | { status: 'forbidden'; replies: Reply[] };

const FORBIDDEN = {
  ja: 'この申請を操作できるのは申請者と、申請に登録されたチームメンバーだけです。',
  en: 'Only the applicant and the teammates named on this application may act on it.',
};

const BUSY = {
  ja: '同じ申請への操作が重なったため、今回の回答は反映されませんでした。もう一度お送りください。',
  en: 'Several people were updating this application at once and your answer was not saved. Please send it again.',
};

/** The store was unreachable. `false`: certainly not saved, send again. `unknown`: check before resending. */
const UNAVAILABLE = {
  false: {
    ja: '一時的に保存先に接続できず、今回の回答は保存されませんでした。少し待ってからもう一度お送りください。',
    en: 'The bot could not reach its storage for a moment and your answer was not saved. Please send it again shortly.',
  },
  unknown: {
    ja: '回答が保存されたか確認できませんでした。少し待ってから「状況」と送り、反映されているか確かめてからお送りください。',
    en: 'The bot could not confirm that your answer was saved. In a moment, send "status" to check before sending it again.',
  },
};

export function newApplicationId(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/**
 * One turn of a conversation from any channel: one read, the pure engine, one compare-and-set write.
 * A conflict re-runs the turn on the fresh state; if the question the user answered is no longer the
 * one being asked, their answer is not applied and they are told where the application is now.
 */
export async function runTurn(services: TurnServices, request: TurnRequest): Promise<TurnResult> {
  const { store, logger } = services;
  const now = (services.clock ?? (() => new Date()))();
  const ctx = { now, actor: request.actor, deps: services.deps };
  // One read: binding, application and "already processed" together (or none, from the store's cache).
  let read: TurnRead;
  try {
    read = await store.loadForTurn(request.conversation, request.eventId);
  } catch (err) {
    return unavailable(services, err, request.lang ?? 'ja', undefined);
  }
  if (read.duplicate) return { status: 'duplicate' };
  const stored = read.stored;
  if (!stored && request.system) return { status: 'done', replies: [], effects: [] };
  if (!stored) return startTurn(services, request, now);

  let current = stored;
  const answering = currentQuestion(current.app)?.id;
  for (let attempt = 0; attempt <= (services.maxRetries ?? 5); attempt++) {
    const { app, version } = current;
    if (!request.system && !mayAct(app, request.actor))
      return { status: 'forbidden', replies: [{ type: 'text', tone: 'error', text: FORBIDDEN[app.lang] }] };
    let outcome: Outcome;
    // A CA mail (system turn) is re-applied on the fresh state: the engine judges it against any step.
    if (attempt > 0 && !request.system && currentQuestion(app)?.id !== answering) {
      // The application moved on under us: this answer no longer applies.
      outcome = handle(app, { type: 'choice', value: 'intent:status' }, ctx);
      outcome.replies.unshift({ type: 'text', tone: 'warning', text: MESSAGES.movedOn[app.lang] });
    } else outcome = handle(app, request.event, ctx);
    // Verification codes are deleted once their step is done (the store never keeps a spent code).
    outcome.app = dropSpentCodes(outcome.app, currentQuestion(outcome.app)?.step);
    const result = await saveOrReport(services, app.lang, app.id, {
      app: outcome.app,
      expectedVersion: version,
      ...(request.eventId ? { eventId: request.eventId } : {}),
      audit: {
        at: now.toISOString(),
        actor: actorKey(request.actor),
        ...(currentQuestion(outcome.app) ? { step: currentQuestion(outcome.app)!.step } : {}),
        changed: outcome.changed,
        event: request.event.type,
      },
    });
    if ('replies' in result) return result;
    if (result.status === 'duplicate') return { status: 'duplicate' };
    if (result.status === 'saved') return committed(services, request, outcome);
    logger.debug({ applicationId: app.id, attempt }, 'compare-and-set conflict, re-running the turn');
    if (!result.current) break;
    current = result.current;
  }
  logger.warn({ applicationId: stored.app.id }, 'turn gave up after repeated compare-and-set conflicts');
  return {
    status: 'done',
    replies: [{ type: 'text', tone: 'error', text: BUSY[stored.app.lang] }],
    effects: [],
  };
}

/**
 * A turn on a known application that no member started: a CA mail matched to it by domain and order
 * number (src/camail/route-ca-mail.ts). Runs under the conversation key `app:<id>`, bound on first use.
 */
export async function runTurnOnApplication(
  services: TurnServices,
  applicationId: string,
  request: Omit<TurnRequest, 'conversation' | 'system'>,
): Promise<TurnResult> {
  const conversation = `app:${applicationId}`;
  if ((await services.store.resolve(conversation)) !== applicationId) {
    await services.store.bind(conversation, applicationId);
  }
  return runTurn(services, { ...request, conversation, system: true });
}

export function mayAct(app: Application, actor: Actor): boolean {
  const key = actorKey(actor);
  return app.members.some((m) => actorKey(m) === key);
}

async function startTurn(services: TurnServices, request: TurnRequest, now: Date): Promise<TurnResult> {
  const { event } = request;
  const text = event.type === 'text' ? event.text : event.type === 'choice' ? event.value : '';
  const lang = request.lang ?? guessLang(text, 'ja');
  const flow = parseFlow(text);
  if (!flow) return { status: 'done', replies: chooseFlow(lang), effects: [] };
  const ctx = { now, actor: request.actor, deps: services.deps };
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = (services.newId ?? newApplicationId)();
    const outcome = start({ id, flow, lang, actor: request.actor }, ctx);
    const result = await saveOrReport(services, lang, id, {
      app: outcome.app,
      expectedVersion: 0,
      bind: [request.conversation],
      ...(request.eventId ? { eventId: request.eventId } : {}),
      audit: {
        at: now.toISOString(),
        actor: actorKey(request.actor),
        step: 'prepare',
        changed: ['start'],
        event: event.type,
      },
    });
    if ('replies' in result) return result;
    if (result.status === 'duplicate') return { status: 'duplicate' };
    if (result.status === 'saved') return committed(services, request, outcome);
    // An id collision: try another id.
  }
  throw new Error('could not allocate an application id after 3 attempts');
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

/** Tells the user to send again only when the turn certainly did not commit; logs one clear line. */
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
  const text = UNAVAILABLE[err.committed === false ? 'false' : 'unknown'][lang];
  return { status: 'done', replies: [{ type: 'text', tone: 'error', text }], effects: [] };
}

/** A turn that committed: tell the after-commit listeners once, then hand the replies to the channel. */
async function committed(
  services: TurnServices,
  request: TurnRequest,
  outcome: Outcome,
): Promise<TurnResult> {
  await services.onCommitted?.({
    app: outcome.app,
    conversation: request.conversation,
    effects: outcome.effects,
  });
  return {
    status: 'done',
    applicationId: outcome.app.id,
    app: outcome.app,
    replies: outcome.replies,
    effects: outcome.effects,
  };
}
