import type { Outcome, TurnContext } from './engine.js';
import { reAsk } from './engine.js';
import { fill } from './help.js';
import { isAnswered } from './progress.js';
import { questionsFor } from './questions.js';
import type { Reply } from './replies.js';
import type { Application } from './state.js';

/**
 * A certificate seen in Certificate Transparency, as plain data (src/ct reads the CT source; the engine
 * only sees this). Every publicly trusted certificate, and its precertificate, is logged before or at
 * issuance (RFC 6962; Chrome and Apple CT policies), often before the CA's download mail arrives.
 */
export interface CtIssuanceFacts {
  /** SHA-256 of the TBS certificate without the CT poison and SCT extensions: one for precert and cert. */
  tbsSha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo (hex): the application's CSR key when it is our certificate. */
  pubkeySha256: string;
  dnsNames: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
}

/** What the application remembers of the issuance it was told about ("issued per CT"). */
export interface CtSeen {
  tbsSha256: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  seenAt: string;
}

const M = {
  issued: {
    ja: '🎉 Certificate Transparency（証明書の公開ログ）に、この申請のCSRの鍵で発行された証明書が記録されました（発行者: {issuer}、有効期間: {from} 〜 {to}、名前: {names}）。証明書は発行済みと考えられます。まもなく発行のお知らせメールが届くはずです。届いたら「XServer SSL管理パネル > 契約情報 > 証明書ダウンロード」から「SSL証明書」と「中間証明書」をダウンロードし、証明書をここに貼り付けてください（CSRとの一致と有効期限を確認して、申請を完了します）。',
    en: '🎉 Certificate Transparency (the public certificate logs) now shows a certificate issued for this application’s CSR key (issuer: {issuer}, valid {from} to {to}, names: {names}). The certificate is issued. The download mail should follow shortly: then download the SSL certificate and the intermediate certificate from "XServer SSL panel > contract information > 証明書ダウンロード" and paste the certificate here (I check it matches your CSR and note its expiry, and then close the application).',
  },
  status: {
    ja: 'Certificate Transparency で発行を確認済み（{at}、有効期限 {to}）。証明書の貼り付けを待っています。',
    en: 'Issued per Certificate Transparency (seen {at}, expires {to}); waiting for the certificate to be pasted.',
  },
};

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

/** The status line of an application issued per CT (Slack thread and App Home, email, console). */
export function ctStatusReply(app: Application): Reply | undefined {
  const seen = app.ctIssued;
  if (!seen || app.status !== 'active') return undefined;
  return {
    type: 'text',
    tone: 'success',
    text: fill(M.status, app.lang, { at: seen.seenAt.slice(0, 10), to: seen.notAfter.slice(0, 10) }),
  };
}
