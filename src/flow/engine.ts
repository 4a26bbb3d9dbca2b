import { answerQuestion, applyForm } from './answer.js';
import { ask } from './ask.js';
import { type CaMailFacts, caMailTurn } from './ca-mail.js';
import { looksLikePrivateKey, PRIVATE_KEY_WARNING } from './csr-check.js';
import type { EngineDeps } from './deps.js';
import { resolveEditTarget } from './edit-target.js';
import { commandsHelp, fill, MESSAGES } from './help.js';
import { type Intent, parseIntent, parseYesNo } from './intents.js';
import { t, words } from './lang.js';
import { currentQuestion, focusIsAhead, isOptional, previousQuestion } from './progress.js';
import type { Effect, Reply } from './replies.js';
import { type Actor, type Application, newApplication } from './state.js';
import type { FieldName } from './types.js';
import { statusReplies, summaryReply } from './views.js';

/** One inbound event from any channel. */
export type Inbound =
  | { type: 'text'; text: string }
  /** A button or list selection: a choice value, or `intent:<name>` (e.g. `intent:summary`). */
  | { type: 'choice'; value: string }
  /** A multi-field form (Slack modal): applied all at once, or refused field by field. */
  | { type: 'form'; values: Partial<Record<FieldName, string>> }
  /** A recognised CloudSecure / Sectigo / hosting-company mail (issue 6, src/camail): plain data. */
  | { type: 'ca-mail'; mail: CaMailFacts };

export interface TurnContext {
  now: Date;
  actor: Actor;
  deps: EngineDeps;
}

export interface Outcome {
  app: Application;
  replies: Reply[];
  effects: Effect[];
  /** Question ids whose answer changed this turn (for the audit trail; no values). */
  changed: string[];
}

/** Runs one turn: pure, deterministic in (app, input, ctx). The input application is not mutated. */
export function handle(input: Application, event: Inbound, ctx: TurnContext): Outcome {
  const app: Application = structuredClone(input);
  const out: Outcome = { app, replies: [], effects: [], changed: [] };
  const before = currentQuestion(app)?.step;

  if (event.type === 'text' && looksLikePrivateKey(event.text)) {
    // Never stored, never echoed: the event text goes nowhere.
    out.replies.push({ type: 'text', tone: 'error', text: t(PRIVATE_KEY_WARNING, app.lang) });
    reAsk(out, ctx);
    return out;
  }
  if (event.type === 'ca-mail') {
    caMailTurn(out, event.mail, ctx);
    finish(out, before, ctx);
    return out;
  }
  if (app.status !== 'active') return closedTurn(out, event, ctx);
  if (app.pending) return pendingTurn(out, event, ctx);

  const intent = intentOf(event);
  // A CA mail pasted at a waiting step: shown as information, never advances (its sender is unknown).
  const pasted =
    !intent && event.type === 'text' && currentQuestion(app)?.kind === 'wait'
      ? ctx.deps.recogniseCaText?.(event.text)
      : undefined;
  if (pasted) caMailTurn(out, pasted, ctx);
  else if (intent) runIntent(out, intent, ctx);
  else if (event.type === 'form') applyForm(out, event.values, ctx);
  else answerQuestion(out, event.type === 'text' ? event.text : event.value, event.type === 'choice', ctx);

  finish(out, before, ctx);
  return out;
}

/** Starts a new application in the given flow and asks its first question. */
export function start(
  args: { id: string; flow: Application['flow']; lang: Application['lang']; actor: Actor },
  ctx: TurnContext,
): Outcome {
  const app = newApplication({ ...args, now: ctx.now });
  const out: Outcome = {
    app,
    replies: [],
    effects: [{ type: 'step-entered', step: 'prepare' }],
    changed: [],
  };
  out.replies.push({ type: 'text', text: fill(WELCOME[args.flow], app.lang, { id: app.id }) });
  reAsk(out, ctx);
  return out;
}

const WELCOME = {
  acquire: {
    ja: 'EV SSL証明書の取得申請を始めます（申請番号 {id}）。パネルに入力する前に、すべての項目をここで確認します。「ヘルプ」でいつでも使える言葉を表示します。',
    en: 'Starting an EV SSL application (reference {id}). I check every field here before you type it into the panel. Say "help" at any time.',
  },
  renew: {
    ja: 'EV SSL証明書の更新申請を始めます（申請番号 {id}）。パネルに入力する前に、すべての項目をここで確認します。「ヘルプ」でいつでも使える言葉を表示します。',
    en: 'Starting an EV SSL renewal (reference {id}). I check every field here before you type it into the panel. Say "help" at any time.',
  },
};

function intentOf(event: Inbound): Intent | undefined {
  if (event.type === 'text') return parseIntent(event.text);
  if (event.type === 'choice' && event.value.startsWith('intent:')) return parseIntent(event.value.slice(7));
  return undefined;
}

function runIntent(out: Outcome, intent: Intent, ctx: TurnContext): void {
  const { app } = out;
  const lang = app.lang;
  const q = currentQuestion(app);
  switch (intent.type) {
    case 'help':
      out.replies.push({ type: 'text', text: commandsHelp(lang) });
      break;
    case 'status':
      out.replies.push(...statusReplies(app));
      break;
    case 'summary':
      out.replies.push(summaryReply(app));
      break;
    case 'language':
      app.lang = intent.lang;
      out.replies.push({ type: 'text', text: t(MESSAGES.language, intent.lang) });
      break;
    case 'cancel':
    case 'restart': {
      const type = intent.type === 'cancel' ? 'confirm-cancel' : 'confirm-restart';
      app.pending = { type };
      out.replies.push(confirmQuestion(app));
      return;
    }
    case 'back': {
      // After `edit` jumped ahead of where the user was (a field not reached yet), back returns there,
      // not to the questions before the edited one, which were never asked.
      if (focusIsAhead(app)) {
        delete app.focus;
        break;
      }
      const prev = previousQuestion(app, q);
      if (prev) app.focus = prev.id;
      else out.replies.push({ type: 'text', text: t(MESSAGES.firstQuestion, lang) });
      break;
    }
    case 'skip':
      if (q && isOptional(q) && q.field) {
        app.fields[q.field] = '';
        out.changed.push(q.id);
        if (app.focus === q.id) delete app.focus;
      } else out.replies.push({ type: 'text', tone: 'error', text: t(MESSAGES.notOptional, lang) });
      break;
    case 'edit': {
      const target = resolveEditTarget(intent.target, app.flow);
      if (!target) {
        out.replies.push({
          type: 'text',
          tone: 'error',
          text: fill(MESSAGES.unknownEdit, lang, { target: intent.target }),
        });
      } else if (target === 'field.approvalEmail' && !app.csr) {
        out.replies.push({ type: 'text', tone: 'error', text: t(MESSAGES.editNeedsCsr, lang) });
      } else app.focus = target;
      break;
    }
  }
  reAsk(out, ctx);
}

function confirmQuestion(app: Application): Reply {
  const restart = app.pending?.type === 'confirm-restart';
  const lang = app.lang;
  return {
    type: 'question',
    id: restart ? 'confirm.restart' : 'confirm.cancel',
    step: { id: 'prepare', number: 0, total: 0, title: '' },
    text: fill(restart ? MESSAGES.confirmRestart : MESSAGES.confirmCancel, lang, { id: app.id }),
    input: 'choice',
    choices: [
      { value: 'yes', label: lang === 'ja' ? 'はい' : 'Yes' },
      { value: 'no', label: lang === 'ja' ? 'いいえ' : 'No' },
    ],
  };
}

function pendingTurn(out: Outcome, event: Inbound, ctx: TurnContext): Outcome {
  const { app } = out;
  const answer =
    event.type === 'text'
      ? parseYesNo(event.text)
      : event.type === 'choice'
        ? parseYesNo(event.value)
        : undefined;
  if (answer === undefined) {
    out.replies.push({ type: 'text', text: t(MESSAGES.yesNo, app.lang) }, confirmQuestion(app));
    return out;
  }
  const pending = app.pending!;
  delete app.pending;
  if (!answer) {
    out.replies.push({ type: 'text', text: t(MESSAGES.kept, app.lang) });
    reAsk(out, ctx);
    return out;
  }
  if (pending.type === 'confirm-cancel') {
    app.status = 'cancelled';
    app.updatedAt = ctx.now.toISOString();
    out.effects.push({ type: 'application-closed', status: 'cancelled' });
    out.changed.push('status');
    out.replies.push({ type: 'text', text: fill(MESSAGES.cancelledNow, app.lang, { id: app.id }) });
    return out;
  }
  const fresh = newApplication({
    id: app.id,
    flow: app.flow,
    lang: app.lang,
    actor: app.members[0]!,
    now: ctx.now,
  });
  fresh.members = app.members;
  fresh.createdAt = app.createdAt;
  out.app = fresh;
  out.changed.push('restart');
  out.effects.push({ type: 'step-entered', step: 'prepare' });
  out.replies.push({ type: 'text', text: t(MESSAGES.restarted, app.lang) });
  reAsk(out, ctx);
  return out;
}

function closedTurn(out: Outcome, event: Inbound, _ctx: TurnContext): Outcome {
  const { app } = out;
  const intent = intentOf(event);
  if (intent?.type === 'summary') out.replies.push(summaryReply(app));
  else if (intent?.type === 'status') out.replies.push(...statusReplies(app));
  else if (intent?.type === 'language') {
    app.lang = intent.lang;
    out.replies.push({ type: 'text', text: t(MESSAGES.language, intent.lang) });
  }
  out.replies.push({
    type: 'text',
    text: t(app.status === 'cancelled' ? words.cancelled : words.issuedClosed, app.lang),
  });
  return out;
}

/** Asks the current question again (or says the application is done). */
export function reAsk(out: Outcome, ctx: TurnContext): void {
  if (out.app.status !== 'active') return;
  const q = currentQuestion(out.app);
  if (q) out.replies.push(...ask(out.app, q, ctx.deps));
}

function finish(out: Outcome, before: string | undefined, ctx: TurnContext): void {
  const { app } = out;
  app.updatedAt = ctx.now.toISOString();
  if (app.status !== 'active') return;
  const after = currentQuestion(app)?.step;
  if (after && after !== before && !app.focus) {
    app.stepSince = ctx.now.toISOString();
    out.effects.push({ type: 'step-entered', step: after });
  }
}
