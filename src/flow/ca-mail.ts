import { catalogue, fill, t } from './catalogue.js';
import type { CaMailFacts, CaMailKind } from './facts.js';
import { PROCEDURE } from './procedure/flows.js';
import { waitQuestionOf } from './procedure/step.js';
import { isAnswered } from './progress.js';
import { questionsFor } from './questions.js';
import type { Reply } from './replies.js';
import type { Application, CaProgress } from './state.js';
import { stepInfo } from './step-info.js';
import type { StepId } from './steps.js';
import { type Outcome, reAsk, type TurnContext, tell } from './turn.js';
import type { Text } from './types.js';
import { agreementSection } from './views.js';

export type { CaMailFacts, CaMailKind } from './facts.js';
export { CA_MAIL_KINDS } from './facts.js';

/** The waiting question each kind of mail belongs to: the step that lists the mail (src/flow/procedure/). */
const TARGET = Object.fromEntries(
  PROCEDURE.flatMap((step) => (step.caMails ?? []).map((kind) => [kind, waitQuestionOf(step)!.id])),
) as Record<CaMailKind, string>;

const NAMES: Record<CaMailKind, Text> = {
  'approval-request': {
    ja: 'クラウドセキュア社の承認確認メール',
    en: 'CloudSecure’s approval confirmation email',
  },
  dcv: { ja: 'セクティゴ社のドメイン認証（DCV）メール', en: 'Sectigo’s domain control validation email' },
  'subscriber-agreement': {
    ja: 'セクティゴ社の「利用契約同意確認メール」',
    en: 'Sectigo’s subscriber agreement email',
  },
  documents: { ja: '書類提出についてのメール', en: 'an email about the organisation documents' },
  callback: { ja: '電話確認（コールバック）についてのメール', en: 'an email about the phone verification' },
  'certificate-issued': { ja: '証明書発行のお知らせ', en: 'the notice that the certificate is issued' },
};

const M = catalogue('caMail', {
  arrived: { ja: '{name}が届きました。', en: 'Received: {name}.' },
  order: { ja: '注文番号: {order}', en: 'Order number: {order}' },
  domain: { ja: 'ドメイン: {domain}', en: 'Domain: {domain}' },
  url: { ja: '開くURL: {url}', en: 'URL to open: {url}' },
  code: { ja: 'verification code: {code}', en: 'Verification code: {code}' },
  verify: {
    ja: 'ご自身でこのURLを開き、入力欄に上の verification code を入力してください（ボットがURLを開いたり承認したりすることはありません）。',
    en: 'Open this URL yourself and enter the verification code above (the bot never opens the link or approves for you).',
  },
  agreement: {
    ja: 'URLを開いてコードを入力し「Next」をクリック、下の値を入力して「I ACCEPT」をクリックしてください。EVガイドラインにより、同意は申請者ご本人が行う必要があります。ボットが代わりに同意することはありません。',
    en: 'Open the URL, enter the code, click "Next", fill in the values below and click "I ACCEPT". The EV Guidelines require your own acceptance: the bot never accepts on your behalf.',
  },
  docsRequested: {
    ja: '定款（ローマ字商号の記載と代表取締役名義の原本証明があるもの）または弁護士意見書をPDFにして evdocs@cloudsecure.co.jp 宛に送ってください。',
    en: 'Send the articles of incorporation (with the romanised trade name and the representative director’s certification of the original) or the attorney opinion letter as a PDF to evdocs@cloudsecure.co.jp.',
  },
  docsRejected: {
    ja: '提出した書類が受理されませんでした。メール本文の理由を確認し、ローマ字商号の記載と、定款の最終項目の代表取締役名義の原本証明を確かめて、evdocs@cloudsecure.co.jp 宛に送り直してください。',
    en: 'The documents you sent were not accepted. Read the reason in the email, check the romanised trade name and the representative director’s certification on the last item of the articles, and send them again to evdocs@cloudsecure.co.jp.',
  },
  callbackAt: { ja: '予定日時: {at}', en: 'Proposed time: {at}' },
  issued: {
    ja: '「XServer SSL管理パネル > 契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードしてください。証明書を貼り付けていただければ、CSRとの一致と有効期限を確認します。',
    en: 'Download the SSL certificate and the intermediate certificate from "XServer SSL panel > contract information > 証明書ダウンロード". Paste the certificate here and I will check it matches your CSR and note its expiry.',
  },
  stale: {
    ja: 'この申請はすでにこの手順より先に進んでいるため、何も変更していません。',
    en: 'This application is already past that step, so nothing was changed.',
  },
  early: {
    ja: 'この申請はまだ手順{review}（{title}）が終わっていないため、手順は進めていません。先に手順{review}を終えてください。',
    en: 'This application has not finished step {review} ({title}) here yet, so the step was not advanced. Finish step {review} first.',
  },
  pasted: {
    ja: '貼り付けられた文面からは送信元を確認できないため、手順は進めていません。URLのドメインが sectigo.com / cloudsecure.co.jp などの正規のものか確かめてから開き、済んだら「完了」とお答えください。',
    en: 'The sender of pasted text cannot be checked, so the step was not advanced. Check the URL’s domain is a genuine one (sectigo.com, cloudsecure.co.jp, …) before you open it, and answer "done" when finished.',
  },
  pastedAhead: {
    ja: '貼り付けられた文面からは送信元を確認できないため、手順は自動では進めていません。URLのドメインが sectigo.com / cloudsecure.co.jp などの正規のものか確かめてから開いてください。',
    en: 'The sender of pasted text cannot be checked, so nothing was advanced automatically. Check the URL’s domain is a genuine one (sectigo.com, cloudsecure.co.jp, …) before you open it.',
  },
  offerDone: {
    ja: 'このメールは手順{target}のものです。手順{open}（{title}）が済んでいれば、手順{open}を完了にしてください。まだでしたら、先に手順{open}を済ませてください。',
    en: 'This email belongs to step {target}. If step {open} ({title}) is finished, mark step {open} done; if not, finish step {open} first.',
  },
  offerDoneChoice: { ja: '手順{open}を完了にする', en: 'Mark step {open} done' },
  suspicious: {
    ja: '認証機関を名乗るメール（{name}）が届きましたが、送信元を確認できませんでした（{reason}）。なりすましの可能性があるため、申請は進めていません。このメールのリンクは開かず、コードも入力しないでください。',
    en: 'An email claiming to be {name} arrived, but its sender could not be verified ({reason}). It may be forged, so the application was not changed. Do not open its links or enter its code.',
  },
  closed: {
    ja: '{name}が届きましたが、この申請は終了しているため何も変更していません。',
    en: 'Received {name}, but this application is closed, so nothing was changed.',
  },
});

/**
 * Runs a CA-mail event on the application: a trusted mail advances it to the mail's step and tells the
 * applicant what to do; a pasted one (`trustReason: 'pasted'`) is shown as information and advances
 * nothing, since its sender cannot be checked (the applicant answers "done" themselves); any other
 * untrusted mail is reported as suspicious, without its link or code, and changes nothing.
 */
export function caMailTurn(out: Outcome, facts: CaMailFacts, ctx: TurnContext): void {
  const { app } = out;
  const pasted = facts.trustReason === 'pasted';
  const lang = app.lang;
  const name = t(NAMES[facts.kind], lang);
  if (app.status !== 'active') {
    tell(out, M.closed, lang, { name });
    return;
  }
  if (!facts.trusted && !pasted) {
    tell(out, M.suspicious, lang, { name, reason: facts.trustReason }, 'error');
    return;
  }
  const list = questionsFor(app.flow);
  const openIndex = list.findIndex((q) => !isAnswered(app, q));
  const targetIndex = list.findIndex((q) => q.id === TARGET[facts.kind]);
  const reviewIndex = list.findIndex((q) => q.id === 'review');
  const rejected = facts.kind === 'documents' && facts.documents === 'rejected';
  tell(out, M.arrived, lang, { name }, facts.trusted ? 'success' : 'info');
  if (openIndex === -1 || (openIndex > targetIndex && !rejected)) {
    tell(out, M.stale, lang);
    return;
  }
  say(out, details(app, facts), rejected ? 'warning' : 'info');
  // A pasted mail for a later step than the one waiting: it means that step is probably done.
  const open = list[openIndex]!;
  const ahead = pasted && openIndex < targetIndex && open.kind === 'wait';
  // The agreement page's values, right below the sentence that points at them, unless the question
  // asked next is the agreement step itself (it shows them).
  const advances = !pasted && openIndex >= reviewIndex;
  if (facts.kind === 'subscriber-agreement' && !advances && openIndex !== targetIndex) {
    const s = agreementSection(app);
    out.replies.push({ type: 'summary', title: s.title, sections: [s] });
  }
  if (ahead) tell(out, M.pastedAhead, lang, {}, 'warning');
  else if (pasted) tell(out, M.pasted, lang, {}, 'warning');
  else if (openIndex < reviewIndex) {
    const review = stepInfo(app, 'registrant');
    tell(out, M.early, lang, { review: String(review.number), title: review.title }, 'warning');
  } else {
    keepCodes(out, facts);
    for (const q of list.slice(openIndex, targetIndex)) {
      app.answers[q.id] = ctx.now.toISOString();
      out.changed.push(q.id);
    }
    // A rejection reopens step 7 (and what follows it) even when it was answered "done" already.
    if (rejected) {
      for (const q of list.slice(targetIndex)) {
        if (app.answers[q.id] !== undefined) {
          delete app.answers[q.id];
          out.changed.push(q.id);
        }
      }
    }
  }
  const asked = out.replies.length;
  reAsk(out, ctx);
  if (ahead) offerDone(out, asked, open.step, list[targetIndex]!.step);
}

/**
 * Turns the re-asked waiting question into the offer a pasted later mail implies: "this email belongs
 * to step N; if step M is finished, mark it done". Its one choice is still the step's own "done".
 */
function offerDone(out: Outcome, from: number, openStep: StepId, targetStep: StepId): void {
  const { app } = out;
  const lang = app.lang;
  const i = out.replies.findIndex((r, k) => k >= from && r.type === 'question');
  const q = out.replies[i];
  if (q?.type !== 'question') return;
  const openInfo = stepInfo(app, openStep);
  const vars = {
    target: String(stepInfo(app, targetStep).number),
    open: String(openInfo.number),
    title: openInfo.title,
  };
  out.replies[i] = {
    ...q,
    text: fill(M.offerDone, lang, vars),
    choices: (q.choices ?? []).map((c) =>
      c.value === 'done' ? { ...c, label: fill(M.offerDoneChoice, lang, vars) } : c,
    ),
  };
}

/** The facts to act on: order, domain, URL, code, and what to do with them. */
function details(app: Application, f: CaMailFacts): string {
  const lang = app.lang;
  const lines: string[] = [];
  if (f.orderNumber) lines.push(fill(M.order, lang, { order: f.orderNumber }));
  if (f.domain) lines.push(fill(M.domain, lang, { domain: f.domain }));
  if (f.url) lines.push(fill(M.url, lang, { url: f.url }));
  if (f.verificationCode) lines.push(fill(M.code, lang, { code: f.verificationCode }));
  if (f.kind === 'approval-request' || f.kind === 'dcv') lines.push(t(M.verify, lang));
  if (f.kind === 'subscriber-agreement') lines.push(t(M.agreement, lang));
  if (f.kind === 'documents')
    lines.push(t(f.documents === 'rejected' ? M.docsRejected : M.docsRequested, lang));
  if (f.kind === 'callback' && f.callbackAt) lines.push(fill(M.callbackAt, lang, { at: f.callbackAt }));
  if (f.kind === 'certificate-issued') lines.push(t(M.issued, lang));
  return lines.join('\n');
}

/** URL and code go to `app.ca` (encrypted at rest by the store; dropped once their step is done). */
function keepCodes(out: Outcome, f: CaMailFacts): void {
  const ca: CaProgress = { ...(out.app.ca ?? {}) };
  const set = (key: keyof CaProgress, value: string | undefined) => {
    if (value === undefined || ca[key] === value) return;
    ca[key] = value;
    out.changed.push(`ca.${key}`);
  };
  set('orderNumber', f.orderNumber);
  if (f.kind === 'approval-request' || f.kind === 'dcv') {
    set('approvalUrl', f.url);
    set('approvalCode', f.verificationCode);
  }
  if (f.kind === 'subscriber-agreement') {
    set('agreementUrl', f.url);
    set('agreementCode', f.verificationCode);
  }
  if (Object.keys(ca).length > 0) out.app.ca = ca;
}

function say(out: Outcome, text: string, tone?: Extract<Reply, { type: 'text' }>['tone']): void {
  out.replies.push({ type: 'text', text, ...(tone ? { tone } : {}) });
}
