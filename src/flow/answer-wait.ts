import { isDone, matchChoice, sayProblems, shownChoices } from './answer-common.js';
import { serialCheck } from './corporate.js';
import { MESSAGES } from './messages.js';
import type { QuestionDef } from './questions.js';
import { afterIssuance, recordIssuance } from './reissue.js';
import { siteCheckOffer } from './site-check.js';
import { certificateIssued, type Outcome, say, type TurnContext, tell } from './turn.js';

/** Answers at a waiting step (5-9): "done", and at issuance the certificate pasted and checked. */

export function answerWait(out: Outcome, q: QuestionDef, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  if (q.id === 'wait.issuance' && /-----BEGIN CERTIFICATE-----/.test(text) && ctx.deps.analyzeCertificate) {
    if (!checkCertificate(out, text, ctx)) return false;
    return closeIssued(out, q, ctx);
  }
  if (/-----BEGIN CERTIFICATE-----/.test(text)) {
    tell(out, MESSAGES.pastedCertTooEarly, lang, {}, 'warning');
    return false;
  }
  // The number shown beside the option ("1) 完了") is an answer like the word itself.
  if (!isDone(text) && matchChoice(text, shownChoices(app, q, ctx))?.value !== 'done') {
    tell(out, MESSAGES.notAChoice, lang, {}, 'error');
    return false;
  }
  if (q.id === 'wait.issuance') {
    tell(out, MESSAGES.issuedNoCert, lang, {}, 'success');
    return closeIssued(out, q, ctx);
  }
  app.answers[q.id] = ctx.now.toISOString();
  return true;
}

/** Checks a pasted certificate against the application's CSR; on success records its dates. */
function checkCertificate(out: Outcome, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  const analyze = ctx.deps.analyzeCertificate;
  if (!analyze) return false;
  const a = analyze(text, {
    ...(app.csr ? { csrFingerprint: app.csr.publicKeyFingerprint } : {}),
    now: ctx.now,
  });
  if (a.kind === 'not-certificate') {
    say(out, a.problem.message[lang], 'error');
    return false;
  }
  sayProblems(out, a.problems, lang);
  if (!a.ok) return false;
  app.certificate = {
    notAfter: a.cert.notAfter,
    notBefore: a.cert.notBefore,
    serialNumber: a.cert.serialNumber,
  };
  tell(
    out,
    MESSAGES.certChecked,
    lang,
    { notAfter: a.cert.notAfter.slice(0, 10), days: a.cert.validityDays },
    'success',
  );
  const serial = serialCheck(app, a.cert.subject, ctx.deps);
  if (serial) out.replies.push(serial);
  return true;
}

/** A certificate pasted after the application was closed as issued: checked and tracked all the same. */
export function issuedCertificateTurn(out: Outcome, text: string, ctx: TurnContext): void {
  if (!ctx.deps.analyzeCertificate || !checkCertificate(out, text, ctx)) return;
  const { app } = out;
  out.changed.push('certificate');
  out.effects.push(certificateIssued(app, app.certificate!));
}

function closeIssued(out: Outcome, q: QuestionDef, ctx: TurnContext): boolean {
  const { app } = out;
  app.answers[q.id] = ctx.now.toISOString();
  app.status = 'issued';
  out.effects.push({ type: 'application-closed', status: 'issued' });
  out.replies.push(...siteCheckOffer(app));
  if (app.certificate) {
    out.effects.push(certificateIssued(app, app.certificate, recordIssuance(app)));
  } else recordIssuance(app);
  afterIssuance(out);
  return true;
}
