import { answerQuestion, applyForm, issuedCertificateTurn, matchChoice } from './answer.js';
import { type CaMailFacts, caMailTurn } from './ca-mail.js';
import { fill, t } from './catalogue.js';
import { applyOffers } from './corporate.js';
import { looksLikePrivateKey, PRIVATE_KEY_WARNING } from './csr-check.js';
import { type CtIssuanceFacts, ctIssuanceTurn } from './ct-issuance.js';
import { SC090_HELP } from './dv-note.js';
import { resolveEditTarget } from './edit-target.js';
import { displayValue, FIELD_LABELS } from './fields/index.js';
import { commandsHelp } from './help.js';
import { type Intent, parseIntent, parseYesNo } from './intents.js';
import { MESSAGES } from './messages.js';
import { currentQuestion, focusIsAhead, isOptional, previousQuestion } from './progress.js';
import { beginReissue, closedContractTurn, REISSUE_WELCOME } from './reissue.js';
import { isReissueRequest } from './reissue-rules.js';
import type { Reply } from './replies.js';
import { textReply } from './replies.js';
import { isSiteCheckRequest, siteCheckHost, siteCheckReplies } from './site-check.js';
import { type Actor, type Application, newApplication } from './state.js';
import { type Outcome, reAsk, type TurnContext } from './turn.js';
import { type FieldName, REGISTRANT_FIELDS } from './types.js';
import { nextApplicationQuestion, statusReplies, summaryReply } from './views.js';
import { words } from './words.js';

/** One inbound event from any channel. */
export type Inbound =
  | { type: 'text'; text: string }
  /** A button or list selection: a choice value, or `intent:<name>` (e.g. `intent:summary`). */
  | { type: 'choice'; value: string }
  /** A multi-field form (Slack modal): applied all at once, or refused field by field. */
  | { type: 'form'; values: Partial<Record<FieldName, string>> }
  /** A recognised CloudSecure / Sectigo / hosting-company mail (src/camail): plain data. */
  | { type: 'ca-mail'; mail: CaMailFacts }
  /** A certificate for the application's CSR key seen in Certificate Transparency (src/ct). */
  | { type: 'ct-issuance'; issuance: CtIssuanceFacts };

export type { Outcome, TurnContext } from './turn.js';

/** Runs one turn: pure, deterministic in (app, input, ctx). The input application is not mutated. */
export function handle(input: Application, event: Inbound, ctx: TurnContext): Outcome {
  const app: Application = structuredClone(input);
  const out: Outcome = { app, replies: [], effects: [], changed: [] };
  const before = currentQuestion(app)?.step;

  if (event.type === 'text' && looksLikePrivateKey(event.text)) {
    // Never stored, never echoed: the event text goes nowhere.
    out.replies.push(textReply(PRIVATE_KEY_WARNING, app.lang, {}, 'error'));
    reAsk(out, ctx);
    return out;
  }
  if (event.type === 'ca-mail') {
    caMailTurn(out, event.mail, ctx);
    finish(out, before, ctx);
    return out;
  }
  if (event.type === 'ct-issuance') {
    ctIssuanceTurn(out, event.issuance, ctx);
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
  args: {
    id: string;
    flow: Application['flow'];
    lang: Application['lang'];
    actor: Actor;
    /** The conversation's closed application: a renewal of an issued one carries over what it reuses. */
    previous?: Application;
  },
  ctx: TurnContext,
): Outcome {
  const { previous, ...fresh } = args;
  const app = newApplication({ ...fresh, now: ctx.now });
  applyOffers(app, ctx.deps);
  const out: Outcome = {
    app,
    replies: [],
    effects: [{ type: 'step-entered', step: 'prepare' }],
    changed: [],
  };
  out.replies.push(textReply(WELCOME[args.flow], app.lang, { id: app.id }));
  if (previous && args.flow === 'renew' && previous.status === 'issued') carryOver(out, previous);
  reAsk(out, ctx);
  return out;
}

/**
 * A renewal reuses the issued application's organisation, DUNS number and whatever registrant fields
 * were kept after issuance, and tracks the certificate it replaces. Carried values are listed so the
 * person can confirm them (and `edit` any that changed); the CSR is always a new one.
 */
function carryOver(out: Outcome, previous: Application): void {
  const { app } = out;
  app.members = previous.members.length > 0 ? structuredClone(previous.members) : app.members;
  app.renews = {
    applicationId: previous.id,
    ...(previous.certificate ? { certificate: structuredClone(previous.certificate) } : {}),
  };
  const rows: string[] = [];
  for (const field of REGISTRANT_FIELDS) {
    const v = previous.fields[field];
    if (v === undefined || field === 'approvalEmail') continue;
    app.fields[field] = v;
    out.changed.push(`field.${field}`);
    rows.push(`  ${t(FIELD_LABELS[field], app.lang)}: ${displayValue(field, v, app.lang)}`);
  }
  if (rows.length === 0) return;
  out.replies.push({
    type: 'text',
    text: `${fill(CARRIED, app.lang, { id: previous.id })}\n${rows.join('\n')}`,
  });
}

const CARRIED = {
  ja: '前回の申請（{id}）から次の内容を引き継ぎました。変わった項目は「修正 項目名」で直してください（CSRは新しく作ったものを貼り付けます）:',
  en: 'Carried over from the previous application ({id}); change anything that is different with "edit FIELD" (the CSR is a new one):',
};

const WELCOME = {
  acquire: {
    ja: 'EV SSL証明書の取得申請を始めます（申請番号 {id}）。パネルに入力する前に、すべての項目をここで確認します。「ヘルプ」でいつでも使える言葉を表示します。',
    en: 'Starting an EV SSL application (reference {id}). I check every field here before you type it into the panel. Say "help" at any time.',
  },
  renew: {
    ja: 'EV SSL証明書の更新申請を始めます（申請番号 {id}）。パネルに入力する前に、すべての項目をここで確認します。「ヘルプ」でいつでも使える言葉を表示します。',
    en: 'Starting an EV SSL renewal (reference {id}). I check every field here before you type it into the panel. Say "help" at any time.',
  },
  reissue: REISSUE_WELCOME,
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
      if (q?.id === 'field.approvalEmail') out.replies.push(textReply(SC090_HELP, lang));
      break;
    case 'status':
      out.replies.push(...statusReplies(app));
      break;
    case 'summary':
      out.replies.push(summaryReply(app, ctx.deps));
      break;
    case 'language':
      app.lang = intent.lang;
      out.replies.push(textReply(MESSAGES.language, intent.lang));
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
      else out.replies.push(textReply(MESSAGES.firstQuestion, lang));
      break;
    }
    case 'skip':
      if (q && isOptional(q) && q.field) {
        app.fields[q.field] = '';
        out.changed.push(q.id);
        if (app.focus === q.id) delete app.focus;
      } else out.replies.push(textReply(MESSAGES.notOptional, lang, {}, 'error'));
      break;
    case 'edit': {
      const target = intent.target === '' ? undefined : resolveEditTarget(intent.target, app.flow);
      if (intent.target === '') {
        out.replies.push(textReply(MESSAGES.editWhich, lang));
      } else if (!target) {
        out.replies.push({
          type: 'text',
          tone: 'error',
          text: fill(MESSAGES.unknownEdit, lang, { target: intent.target }),
        });
      } else if (target === 'field.corporateNumber' && !app.offers?.corporateNumber) {
        out.replies.push({
          type: 'text',
          tone: 'error',
          text: fill(MESSAGES.unknownEdit, lang, { target: intent.target }),
        });
      } else if (target === 'field.approvalEmail' && !app.csr) {
        out.replies.push(textReply(MESSAGES.editNeedsCsr, lang, {}, 'error'));
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
      { value: 'yes', label: t(words.yes, lang) },
      { value: 'no', label: t(words.no, lang) },
    ],
  };
}

function pendingTurn(out: Outcome, event: Inbound, ctx: TurnContext): Outcome {
  const { app } = out;
  // The numbers shown beside 「1) はい 2) いいえ」 answer too.
  const shown = confirmQuestion(app);
  const picked =
    event.type === 'text' && shown.type === 'question'
      ? matchChoice(event.text, shown.choices ?? [])
      : undefined;
  const answer =
    event.type === 'text'
      ? (parseYesNo(event.text) ?? (picked ? picked.value === 'yes' : undefined))
      : event.type === 'choice'
        ? parseYesNo(event.value)
        : undefined;
  if (answer === undefined) {
    out.replies.push(textReply(MESSAGES.yesNo, app.lang), confirmQuestion(app));
    return out;
  }
  const pending = app.pending!;
  delete app.pending;
  if (!answer) {
    out.replies.push(textReply(MESSAGES.kept, app.lang));
    reAsk(out, ctx);
    return out;
  }
  if (pending.type === 'confirm-cancel') {
    app.status = 'cancelled';
    app.updatedAt = ctx.now.toISOString();
    out.effects.push({ type: 'application-closed', status: 'cancelled' });
    out.changed.push('status');
    out.replies.push(textReply(MESSAGES.cancelledNow, app.lang, { id: app.id }));
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
  applyOffers(fresh, ctx.deps);
  fresh.createdAt = app.createdAt;
  out.app = fresh;
  out.changed.push('restart');
  out.effects.push({ type: 'step-entered', step: 'prepare' });
  out.replies.push(textReply(MESSAGES.restarted, app.lang));
  reAsk(out, ctx);
  return out;
}

/**
 * A closed (issued or cancelled) application: status, summary, language and help still work, and the
 * next application is offered as a choice; naming a flow starts it in the same conversation (the
 * dispatcher starts it, carrying over what a renewal reuses). On an issued one, "再発行" starts its
 * reissue and a date answers the contract question.
 */
function closedTurn(out: Outcome, event: Inbound, ctx: TurnContext): Outcome {
  const { app } = out;
  const host = siteCheckHost(app);
  const said = event.type === 'text' ? event.text : event.type === 'choice' ? event.value : '';
  if (host && isSiteCheckRequest(said)) {
    out.replies.push(...siteCheckReplies(app, ctx.deps.siteCheck?.(host), host));
    return out;
  }
  if (app.status === 'issued' && isReissueRequest(said)) {
    beginReissue(out, ctx);
    if (out.app.status === 'active') finish(out, undefined, ctx);
    return out;
  }
  if (closedContractTurn(out, said, ctx)) return out;
  const intent = intentOf(event);
  if (intent?.type === 'summary') out.replies.push(summaryReply(app));
  else if (intent?.type === 'status') out.replies.push(...statusReplies(app));
  else if (intent?.type === 'help') out.replies.push(textReply(MESSAGES.closedHelp, app.lang));
  else if (intent?.type === 'language') {
    app.lang = intent.lang;
    out.replies.push(textReply(MESSAGES.language, intent.lang));
  } else if (
    event.type === 'text' &&
    app.status === 'issued' &&
    /-----BEGIN CERTIFICATE-----/.test(event.text)
  ) {
    issuedCertificateTurn(out, event.text, ctx);
    return out;
  }
  out.replies.push(nextApplicationQuestion(app));
  return out;
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
