import type { CsrFacts } from './csr-check.js';
import type { Outcome, TurnContext } from './engine.js';
import { reAsk } from './engine.js';
import { fill } from './help.js';
import { fold, parseYesNo } from './intents.js';
import { t } from './lang.js';
import type { QuestionDef } from './questions.js';
import { REISSUE_TEXT } from './reissue-panel.js';
import {
  datesLines,
  endOfTokyoDay,
  parseContractEnd,
  parseDay,
  tokyoDay,
  validationWindow,
} from './reissue-rules.js';
import type { Effect, Reply } from './replies.js';
import type { Application } from './state.js';
import { stepInfo } from './step-info.js';
import type { Text } from './types.js';
import { summaryReply } from './views.js';

/**
 * The reissue flow (再発行): a new certificate within the running contract. Started fresh, or from an
 * issued application ("再発行" in its conversation), whose registrant data, contract end, validation date
 * and certificate are carried over. Domain validation always comes again; the documents and the callback
 * only when the organisation was last validated more than 398 days before (EV Guidelines 11.14.3).
 */

const M = {
  contractPrompt: {
    ja: 'SSL契約の契約期間の終了日を教えてください（パネルの「契約情報」→「契約期間」。例: 2027-04-30）。わからなければ、購入時の契約年数（例: 1年）でも構いません。証明書の有効期限とは別の日付です。',
    en: 'When does the SSL contract end? (the panel’s "契約情報" → "契約期間", contract term; e.g. 2027-04-30). The contract length at purchase (e.g. 1 year) will do if you do not know the date. This is not the certificate’s expiry.',
  },
  contractBad: {
    ja: '日付（例: 2027-04-30、2027年4月30日）か契約年数（例: 1年、12ヶ月）でお答えください。',
    en: 'Please answer with a date (e.g. 2027-04-30) or the contract length (e.g. 1 year, 12 months).',
  },
  contractDateOnly: {
    ja: '再発行では、パネルの「契約情報」→「契約期間」に表示される終了日（例: 2027-04-30）をご入力ください。',
    en: 'For a reissue, please give the end date shown in the panel’s "契約情報" → "契約期間" (e.g. 2027-04-30).',
  },
  contractEnded: {
    ja: '契約期間は {end} に終了しています。契約が終わった後は再発行ではなく「更新申請」になります。「キャンセル」してから「更新」と送ってください。',
    en: 'The contract ended on {end}. After the contract, it is a renewal (更新申請), not a reissue: say "cancel", then "renew".',
  },
  contractSaved: { ja: '契約期間の終了日: {end} で登録しました。', en: 'Contract end saved: {end}.' },
  contractFromLength: {
    ja: '契約年数から {end} と計算しました（開始日 {start}）。正確な日付はパネルの「契約期間」で確かめ、違えば「契約 2027-04-30」のように送って直してください。',
    en: 'Counted from the length: {end} (contract starting {start}). Check the exact date in the panel’s "契約期間"; if it differs, send e.g. "contract 2027-04-30".',
  },
  validatedPrompt: {
    ja: '前回、書類提出（定款など）と電話確認で組織の認証を受けたのはいつですか？（例: 2026-04-10。前回の取得・更新の申請が完了した頃です）わからなければ「不明」とお答えください。',
    en: 'When was the organisation last validated with the documents (articles etc.) and the callback? (e.g. 2026-04-10: around when the last application or renewal completed). Answer "not known" if you do not know.',
  },
  validatedBad: {
    ja: '日付（例: 2026-04-10）か「不明」でお答えください。',
    en: 'Please answer with a date (e.g. 2026-04-10) or "not known".',
  },
  validatedFuture: {
    ja: 'その日付はまだ来ていません。前回の組織認証の日付をご入力ください。',
    en: 'That date is still to come: please give the date of the last validation.',
  },
  notNeeded: {
    ja: '組織情報は {on} に確認済みで {until} まで再利用できるため、今回の再発行では書類提出と電話確認は不要です（ドメイン認証はもう一度あります）。',
    en: 'The organisation was validated on {on} and that can be reused until {until}: this reissue needs no documents and no callback (domain validation comes again).',
  },
  needed: {
    ja: '前回の組織確認（{on}）から398日を超えている（再利用は {until} まで）ため、今回の再発行では書類提出と電話確認がもう一度必要です。ローマ字商号の記載と代表取締役名義の原本証明がある定款、または弁護士意見書を用意してください。',
    en: 'The organisation was last validated on {on}, more than 398 days ago (reusable until {until}): this reissue needs the documents and the callback again. Have the articles of incorporation (with the romanised trade name and the representative director’s certification) or an attorney opinion letter ready.',
  },
  neededUnknown: {
    ja: '前回の組織確認の日付がわからないため、書類提出と電話確認がもう一度ある前提でご案内します（398日以内なら認証機関から求められず、その手順は「完了」で進めます）。',
    en: 'As the date of the last validation is not known, I assume the documents and the callback come again (if it was within 398 days the CA will not ask; answer "done" to move past them).',
  },
  currentPrompt: {
    ja: '現在の証明書（-----BEGIN CERTIFICATE----- から）を貼り付けてください。新しいCSRの鍵が現在の鍵と違うことを確認します。手元になければ「手元にない」とお答えください。',
    en: 'Paste the current certificate (from -----BEGIN CERTIFICATE-----), so I can check the new CSR’s key differs from it. Answer "not at hand" if you do not have it.',
  },
  currentRead: {
    ja: '現在の証明書: {domain}（有効期限 {notAfter}、シリアル {serial}）',
    en: 'Current certificate: {domain} (expires {notAfter}, serial {serial})',
  },
  currentNone: {
    ja: '現在の証明書がないため、鍵が変わったかは確認できません。必ず新しい秘密鍵でCSRを作ってください。',
    en: 'Without the current certificate I cannot check the key changed: be sure to make the CSR with a new private key.',
  },
  currentBad: {
    ja: '証明書として読めませんでした。「-----BEGIN CERTIFICATE-----」から「-----END CERTIFICATE-----」まで貼り付けるか、「手元にない」とお答えください。',
    en: 'That is not readable as a certificate. Paste everything from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----", or answer "not at hand".',
  },
  registrantPrompt: {
    ja: '登録者情報は前回の申請から引き継ぎました（上のまとめ）。変わっていなければ「はい」とお答えください。変わった項目は「修正 項目名」（例: 修正 電話番号）で直せます。',
    en: 'The registrant information is carried over from the last application (summary above). Answer "yes" if nothing changed; change an item with "edit FIELD" (e.g. edit phone).',
  },
  sameKey: {
    ja: 'このCSRは現在の証明書と同じ鍵（公開鍵）です。再発行では新しい秘密鍵を作ってください: openssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr',
    en: 'This CSR has the same key as the current certificate. Make a new private key for the reissue: openssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr',
  },
  otherDomain: {
    ja: 'このCSRのドメイン（{csr}）は現在の証明書（{cert}）と違います。再発行は同じドメインの証明書を作り直す手続きです。別のドメインなら新しく取得申請をしてください。',
    en: 'This CSR’s domain ({csr}) is not the current certificate’s ({cert}). A reissue remakes the certificate for the same domain; a different domain needs a new application.',
  },
  notIssued: {
    ja: '再発行は証明書が発行済みの申請から始められます。新しく再発行を始めるには、別の会話で「再発行」と送ってください。',
    en: 'A reissue starts from an application whose certificate is issued. To start one afresh, send "reissue" in a new conversation.',
  },
  fromIssued: {
    ja: '申請 {id} の再発行を始めます（契約期間内・無料）。登録者情報、契約期間、前回の組織確認の日付を引き継ぎます。新しい鍵でCSRを作り、ドメイン認証をもう一度受けます。',
    en: 'Starting a reissue of application {id} (within the contract, free of charge). The registrant information, the contract end and the date of the last validation are carried over. You make a CSR with a new key and pass domain validation again.',
  },
  askContractAfter: {
    ja: '次の証明書が「再発行」か「更新」かを判断するため、SSL契約の契約期間の終了日を教えてください（パネルの「契約情報」→「契約期間」、例: 2027-04-30、または「1年」）。契約が証明書より長ければ、次は更新ではなく再発行（無料）です。',
    en: 'To tell whether the next certificate is a reissue or a renewal, when does the SSL contract end? (the panel’s "契約情報" → "契約期間", e.g. 2027-04-30, or "1 year"). When the contract outlives the certificate, the next one is a reissue (free of charge), not a renewal.',
  },
} satisfies Record<string, Text>;

export const REISSUE_WELCOME = REISSUE_TEXT.welcome;

const NO_CERT = ['nocert', '手元にない', 'not at hand', 'no certificate', '証明書がない', 'ない'];
const UNKNOWN = ['unknown', '不明', 'not known', 'わかりません', '分かりません'];

function say(out: Outcome, text: string, tone?: Extract<Reply, { type: 'text' }>['tone']): void {
  out.replies.push(tone ? { type: 'text', text, tone } : { type: 'text', text });
}

const norm = (text: string) => fold(text).replace(/[。．.!！]+$/, '');

/** The question replies of the reissue-only questions. */
export function askReissue(app: Application, q: QuestionDef): Reply[] {
  const lang = app.lang;
  const base = { type: 'question' as const, id: q.id, step: stepInfo(app, q.step) };
  switch (q.id) {
    case 'reissue.contract':
      return [{ ...base, text: t(M.contractPrompt, lang), input: 'text' }];
    case 'reissue.validated':
      return [
        {
          ...base,
          text: t(M.validatedPrompt, lang),
          input: 'text',
          choices: [{ value: 'unknown', label: lang === 'ja' ? '不明' : 'Not known' }],
        },
      ];
    case 'reissue.current':
      return [
        {
          ...base,
          text: t(M.currentPrompt, lang),
          input: 'multiline',
          choices: [{ value: 'nocert', label: lang === 'ja' ? '手元にない' : 'Not at hand' }],
        },
      ];
    case 'reissue.registrant':
      return [
        summaryReply(app),
        {
          ...base,
          text: t(M.registrantPrompt, lang),
          input: 'choice',
          choices: [{ value: 'yes', label: lang === 'ja' ? 'はい、変わっていません' : 'Yes, unchanged' }],
        },
      ];
    default:
      throw new Error(`no reissue question ${q.id}`);
  }
}

/** Takes an answer to a reissue-only question: true when it is recorded. */
export function answerReissue(out: Outcome, q: QuestionDef, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  switch (q.id) {
    case 'reissue.contract': {
      // A running contract started before today: only the panel's end date says when it ends.
      const r = parseContractEnd(text, ctx.now);
      if (!r.ok || r.fromLength) {
        say(out, t(r.ok ? M.contractDateOnly : M.contractBad, lang), 'error');
        return false;
      }
      if (endOfTokyoDay(r.endsOn) <= ctx.now.getTime()) {
        say(out, fill(M.contractEnded, lang, { end: r.endsOn }), 'error');
        return false;
      }
      setContract(out, r.endsOn);
      say(out, fill(M.contractSaved, lang, { end: r.endsOn }), 'success');
      return true;
    }
    case 'reissue.validated': {
      const f = norm(text);
      if (UNKNOWN.includes(f)) {
        app.answers[q.id] = 'unknown';
        say(out, t(M.neededUnknown, lang), 'warning');
        return true;
      }
      const day = parseDay(text);
      if (!day) {
        say(out, t(M.validatedBad, lang), 'error');
        return false;
      }
      const at = new Date(endOfTokyoDay(day) - 86_400_000).toISOString();
      if (Date.parse(at) > ctx.now.getTime()) {
        say(out, t(M.validatedFuture, lang), 'error');
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
        say(out, t(M.currentNone, lang), 'warning');
        return true;
      }
      const a = ctx.deps.analyzeCertificate?.(text, { now: ctx.now });
      if (a?.kind !== 'certificate') {
        say(out, t(M.currentBad, lang), 'error');
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
      say(
        out,
        fill(M.currentRead, lang, {
          domain: c.sans[0] ?? '-',
          notAfter: tokyoDay(c.notAfter),
          serial: c.serialNumber,
        }),
        'success',
      );
      return true;
    }
    case 'reissue.registrant': {
      const yes =
        parseYesNo(text) ??
        (['yes', 'done', 'はい、変わっていません', 'yes, unchanged'].includes(norm(text)) || undefined);
      if (!yes) {
        say(out, t(M.registrantPrompt, lang), 'error');
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
    say(out, fill(M.needed, app.lang, vars), 'warning');
  } else {
    app.answers['wait.documents'] = NOT_NEEDED;
    app.answers['wait.callback'] = NOT_NEEDED;
    say(out, fill(M.notNeeded, app.lang, vars), 'info');
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
    say(out, t(M.notIssued, lang), 'error');
    return;
  }
  if (app.contract && endOfTokyoDay(app.contract.endsOn) <= ctx.now.getTime()) {
    say(out, fill(M.contractEnded, lang, { end: app.contract.endsOn }), 'error');
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
  say(out, fill(M.fromIssued, lang, { id: app.id }));
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
  if (!app.contract) say(out, t(M.askContractAfter, app.lang));
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
  say(out, fill(M.contractSaved, app.lang, { end: r.endsOn }), 'success');
  if (r.fromLength) say(out, fill(M.contractFromLength, app.lang, { end: r.endsOn, start: tokyoDay(start) }));
  const lines = datesLines(app);
  if (lines.length > 0) say(out, lines.join('\n'));
  if (app.certificate) {
    out.effects.push({
      type: 'certificate-issued',
      certificate: app.certificate,
      ...(app.csr ? { csr: app.csr } : {}),
      ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
      ...recordIssuance(app),
    });
  }
  return true;
}
