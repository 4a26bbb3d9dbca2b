import { catalogue, fill } from './catalogue.js';
import type { CtIssuanceFacts } from './facts.js';
import { isAnswered } from './progress.js';
import { questionsFor } from './questions.js';
import type { Application } from './state.js';
import { type Outcome, reAsk, type TurnContext } from './turn.js';

export type { CtIssuanceFacts, CtSeen } from './facts.js';

const M = catalogue('ctIssuance', {
  issued: {
    ja: '🎉 Certificate Transparency（証明書の公開ログ）に、この申請のCSRの鍵で発行された証明書が記録されました（発行者: {issuer}、有効期間: {from} 〜 {to}、名前: {names}）。証明書は発行済みと考えられます。まもなく発行のお知らせメールが届くはずです。届いたら「XServer SSL管理パネル > 契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードし、証明書をここに貼り付けてください（CSRとの一致と有効期限を確認して、申請を完了します）。',
    en: '🎉 Certificate Transparency (the public certificate logs) now shows a certificate issued for this application’s CSR key (issuer: {issuer}, valid {from} to {to}, names: {names}). The certificate is issued. The download mail should follow shortly: then download the SSL certificate and the intermediate certificate from "XServer SSL panel > contract information > 証明書ダウンロード" and paste the certificate here (I check it matches your CSR and note its expiry, and then close the application).',
  },
});

/** The waiting steps (5-9) an issuance seen in CT may move on: everything before issuance is done. */
function waiting(app: Application): boolean {
  if (app.status !== 'active') return false;
  const list = questionsFor(app.flow);
  const review = list.find((q) => q.id === 'review');
  return review !== undefined && isAnswered(app, review);
}

/**
 * Runs a CT issuance on the application (src/ct matched its key to the CSR and its issuer to Sectigo):
 * the application becomes "issued per CT" — the waiting steps before issuance are done and the
 * applicant is told — but it is never closed by this alone: the certificate itself is still checked
 * when it is pasted (step 9). Seen once: the same issuance again changes nothing and says nothing.
 */
export function ctIssuanceTurn(out: Outcome, facts: CtIssuanceFacts, ctx: TurnContext): void {
  const { app } = out;
  if (!waiting(app) || app.ctIssued?.tbsSha256 === facts.tbsSha256 || app.csr === undefined) return;
  if (app.csr.publicKeyFingerprint.toLowerCase() !== facts.pubkeySha256.toLowerCase()) return;
  app.ctIssued = {
    tbsSha256: facts.tbsSha256,
    issuer: facts.issuer,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    seenAt: ctx.now.toISOString(),
  };
  out.changed.push('ctIssued');
  for (const q of questionsFor(app.flow)) {
    if (q.step === 'issuance' || isAnswered(app, q)) continue;
    app.answers[q.id] = ctx.now.toISOString();
    out.changed.push(q.id);
  }
  if (app.focus) delete app.focus;
  const lang = app.lang;
  out.replies.push({
    type: 'text',
    tone: 'success',
    text: fill(M.issued, lang, {
      issuer: facts.issuer,
      from: facts.notBefore.slice(0, 10),
      to: facts.notAfter.slice(0, 10),
      names: facts.dnsNames.join(', '),
    }),
  });
  reAsk(out, ctx);
}
