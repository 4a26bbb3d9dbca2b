import { fill } from './catalogue.js';
import type { CsrFacts } from './csr-check.js';
import { fold, parseYesNo } from './intents.js';
import type { QuestionDef } from './questions.js';
import { REISSUE_MESSAGES as M } from './reissue-messages.js';
import { REISSUE_TEXT } from './reissue-panel.js';
import {
  datesLines,
  endOfTokyoDay,
  parseContractEnd,
  parseDay,
  tokyoDay,
  validationWindow,
} from './reissue-rules.js';
import type { Effect } from './replies.js';
import type { Application } from './state.js';
import { certificateIssued, type Outcome, reAsk, say, type TurnContext, tell } from './turn.js';
import type { Text } from './types.js';

/**
 * The reissue flow (再発行): a new certificate within the running contract. Started fresh, or from an
 * issued application ("再発行" in its conversation), whose registrant data, contract end, validation date
 * and certificate are carried over. Domain validation always comes again; the documents and the callback
 * only when the organisation was last validated more than 398 days before (EV Guidelines 11.14.3).
 */

export const REISSUE_WELCOME = REISSUE_TEXT.welcome;
export { askReissue } from './reissue-ask.js';

const NO_CERT = ['nocert', '手元にない', 'not at hand', 'no certificate', '証明書がない', 'ない'];
const UNKNOWN = ['unknown', '不明', 'not known', 'わかりません', '分かりません'];

const norm = (text: string) => fold(text).replace(/[。．.!！]+$/, '');

/** Takes an answer to a reissue-only question: true when it is recorded. */
export function answerReissue(out: Outcome, q: QuestionDef, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  switch (q.id) {
    case 'reissue.contract': {
      // A running contract started before today: only the panel's end date says when it ends.
      const r = parseContractEnd(text, ctx.now);
      if (!r.ok || r.fromLength) {
        tell(out, r.ok ? M.contractDateOnly : M.contractBad, lang, {}, 'error');
        return false;
      }
      if (endOfTokyoDay(r.endsOn) <= ctx.now.getTime()) {
        tell(out, M.contractEnded, lang, { end: r.endsOn }, 'error');
        return false;
      }
      setContract(out, r.endsOn);
      tell(out, M.contractSaved, lang, { end: r.endsOn }, 'success');
      return true;
    }
    case 'reissue.validated': {
      const f = norm(text);
      if (UNKNOWN.includes(f)) {
        app.answers[q.id] = 'unknown';
        tell(out, M.neededUnknown, lang, {}, 'warning');
        return true;
      }
      const day = parseDay(text);
      if (!day) {
        tell(out, M.validatedBad, lang, {}, 'error');
        return false;
      }
      const at = new Date(endOfTokyoDay(day) - 86_400_000).toISOString();
      if (Date.parse(at) > ctx.now.getTime()) {
        tell(out, M.validatedFuture, lang, {}, 'error');
        return false;
      }
      app.orgValidatedAt = at;
      app.answers[q.id] = day;
      announceRevalidation(out, ctx);
      return true;
    }
    case 'reissue.current': {
      if (NO_CERT.includes(norm(text))) {
        app.answers[q.id] = 'none';
        tell(out, M.currentNone, lang, {}, 'warning');
        return true;
      }
      const a = ctx.deps.analyzeCertificate?.(text, { now: ctx.now });
      if (a?.kind !== 'certificate') {
        tell(out, M.currentBad, lang, {}, 'error');
        return false;
      }
      const c = a.cert;
      app.replaces = {
        ...(c.sans[0] ? { domain: c.sans[0] } : {}),
        notAfter: c.notAfter,
        serialNumber: c.serialNumber,
        publicKeyFingerprint: c.publicKeyFingerprint,
      };
      app.answers[q.id] = 'pasted';
      tell(
        out,
        M.currentRead,
        lang,
        {
          domain: c.sans[0] ?? '-',
          notAfter: tokyoDay(c.notAfter),
          serial: c.serialNumber,
        },
        'success',
      );
      return true;
    }
    case 'reissue.registrant': {
      const yes =
        parseYesNo(text) ??
        (['yes', 'done', 'はい、変わっていません', 'yes, unchanged'].includes(norm(text)) || undefined);
      if (!yes) {
        tell(out, M.registrantPrompt, lang, {}, 'error');
        return false;
      }
      app.answers[q.id] = ctx.now.toISOString();
      return true;
    }
    default:
      return false;
  }
}

function setContract(out: Outcome, endsOn: string): void {
  out.app.contract = { endsOn };
  out.app.answers['reissue.contract'] = endsOn;
  out.changed.push('contract');
}

/**
 * Says up front whether the documents and the callback come again, and (when not) marks their waiting
 * steps as not needed so they are never asked.
 */
function announceRevalidation(out: Outcome, ctx: TurnContext): void {
  const { app } = out;
  const w = validationWindow(app.orgValidatedAt, ctx.now);
  if (!w.validatedOn) return;
  const vars = { on: w.validatedOn, until: w.reusableUntil! };
  if (w.neededNow) {
    for (const id of ['wait.documents', 'wait.callback']) {
      if (app.answers[id] === NOT_NEEDED) delete app.answers[id];
    }
    tell(out, M.needed, app.lang, vars, 'warning');
  } else {
    app.answers['wait.documents'] = NOT_NEEDED;
    app.answers['wait.callback'] = NOT_NEEDED;
    tell(out, M.notNeeded, app.lang, vars, 'info');
  }
}

/** The answer recorded for the documents and callback steps of a reissue that does not need them. */
export const NOT_NEEDED = 'not-needed';

/** A CSR the reissue must refuse: the current certificate's key, or another domain. */
export function reissueCsrProblem(app: Application, csr: CsrFacts): Text | undefined {
  const old = app.replaces;
  if (!old) return undefined;
  if (old.publicKeyFingerprint && old.publicKeyFingerprint === csr.publicKeyFingerprint) return M.sameKey;
  if (old.domain && csr.domain && old.domain.toLowerCase() !== csr.domain.toLowerCase()) {
    return {
      ja: fill(M.otherDomain, 'ja', { csr: csr.domain, cert: old.domain }),
      en: fill(M.otherDomain, 'en', { csr: csr.domain, cert: old.domain }),
    };
  }
  return undefined;
}

/**
 * "再発行" in an issued application: the same application becomes a reissue, keeping the registrant
 * data (confirmed, not retyped), the contract end and the date of the last validation, and recording the
 * certificate it replaces. A contract already over is refused: that is a renewal.
 */
export function beginReissue(out: Outcome, ctx: TurnContext): void {
  const { app } = out;
  const lang = app.lang;
  if (app.status !== 'issued') {
    tell(out, M.notIssued, lang, {}, 'error');
    return;
  }
  if (app.contract && endOfTokyoDay(app.contract.endsOn) <= ctx.now.getTime()) {
    tell(out, M.contractEnded, lang, { end: app.contract.endsOn }, 'error');
    return;
  }
  const at = ctx.now.toISOString();
  const replaces = {
    ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
    ...(app.certificate?.notAfter ? { notAfter: app.certificate.notAfter } : {}),
    ...(app.certificate?.serialNumber ? { serialNumber: app.certificate.serialNumber } : {}),
    ...(app.csr?.publicKeyFingerprint ? { publicKeyFingerprint: app.csr.publicKeyFingerprint } : {}),
  };
  app.flow = 'reissue';
  app.status = 'active';
  app.answers = {};
  app.replaces = replaces;
  if (app.contract) app.answers['reissue.contract'] = app.contract.endsOn;
  if (app.orgValidatedAt) app.answers['reissue.validated'] = tokyoDay(app.orgValidatedAt);
  if (replaces.publicKeyFingerprint) app.answers['reissue.current'] = 'issued';
  for (const k of ['csr', 'certificate', 'ca', 'focus', 'pending', 'dunsMismatchAcknowledged'] as const) {
    delete app[k];
  }
  app.stepSince = at;
  out.changed.push('reissue');
  tell(out, M.fromIssued, lang, { id: app.id });
  if (app.orgValidatedAt) announceRevalidation(out, ctx);
  reAsk(out, ctx);
}

/** What issuance records: the validation date (documents/callback done now, else the one reused). */
export function recordIssuance(
  app: Application,
): Pick<Extract<Effect, { type: 'certificate-issued' }>, 'contractEnd' | 'validatedAt'> {
  const done = [app.answers['wait.callback'], app.answers['wait.documents']].find(
    (v) => v !== undefined && v !== NOT_NEEDED && !Number.isNaN(Date.parse(v)),
  );
  if (done) app.orgValidatedAt = done;
  return {
    ...(app.contract ? { contractEnd: app.contract.endsOn } : {}),
    ...(app.orgValidatedAt ? { validatedAt: app.orgValidatedAt } : {}),
  };
}

/** After issuance: the dates, and the contract end asked for when it is not known yet (asked once). */
export function afterIssuance(out: Outcome): void {
  const { app } = out;
  const lines = datesLines(app);
  if (lines.length > 0) say(out, lines.join('\n'));
  if (!app.contract) tell(out, M.askContractAfter, app.lang);
}

/**
 * A contract end typed in an issued application (the answer to the question after issuance): saved, and
 * the tracked certificate told (the issued-certificate effect again, now with the contract end).
 */
export function closedContractTurn(out: Outcome, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  if (app.status !== 'issued') return false;
  // "契約 2027-04-30" / "contract 2027-04-30" sets or corrects it; a bare date only answers the question.
  const named = /^(?:契約(?:期間)?(?:の?終了日)?|contract(?:\s+end)?)\s*[:：]?\s*(.+)$/i.exec(fold(text));
  if (app.contract && !named) return false;
  const start = app.certificate?.notBefore ? new Date(app.certificate.notBefore) : ctx.now;
  const r = parseContractEnd(named?.[1] ?? text, start);
  if (!r.ok) return false;
  setContract(out, r.endsOn);
  tell(out, M.contractSaved, app.lang, { end: r.endsOn }, 'success');
  if (r.fromLength) tell(out, M.contractFromLength, app.lang, { end: r.endsOn, start: tokyoDay(start) });
  const lines = datesLines(app);
  if (lines.length > 0) say(out, lines.join('\n'));
  if (app.certificate) {
    out.effects.push(certificateIssued(app, app.certificate, recordIssuance(app)));
  }
  return true;
}
