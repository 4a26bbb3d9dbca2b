import { isDone, matchChoice, problemsText, sayProblems, shownChoices } from './answer-common.js';
import { answerField } from './answer-field.js';
import { answerWait } from './answer-wait.js';
import { t } from './catalogue.js';
import { resolveEditTarget } from './edit-target.js';
import { parseYesNo } from './intents.js';
import { MESSAGES } from './messages.js';
import { currentQuestion } from './progress.js';
import { CHECKS, type QuestionDef } from './questions.js';
import { answerReissue, reissueCsrProblem } from './reissue.js';
import { type Outcome, reAsk, say, type TurnContext, tell } from './turn.js';
import { reviewState } from './views.js';

export { matchChoice } from './answer-common.js';
export { applyForm } from './answer-field.js';
export { issuedCertificateTurn } from './answer-wait.js';

/** Takes an answer to the current question; on success records it and asks the next one. */
export function answerQuestion(out: Outcome, text: string, isChoice: boolean, ctx: TurnContext): void {
  const { app } = out;
  const q = currentQuestion(app);
  if (!q) {
    reAsk(out, ctx);
    return;
  }
  const ok = answerFor(out, q, text, isChoice, ctx);
  if (ok) {
    out.changed.push(q.id);
    if (app.focus === q.id) delete app.focus;
  }
  reAsk(out, ctx);
}

function answerFor(out: Outcome, q: QuestionDef, text: string, isChoice: boolean, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  switch (q.kind) {
    case 'check': {
      const check = CHECKS[q.id]!;
      const yn = isChoice ? undefined : parseYesNo(text);
      // Labels in either language match ("確認しました" in an English conversation too).
      const both = check.options.flatMap((o) => [
        { value: o.value, label: o.label.ja },
        { value: o.value, label: o.label.en },
      ]);
      const picked = matchChoice(text, shownChoices(app, q, ctx))?.value ?? matchChoice(text, both)?.value;
      const choice =
        check.options.find((o) => o.value === picked) ??
        (yn === true ? check.options[0] : yn === false ? check.options.find((o) => !o.completes) : undefined);
      if (!choice) {
        tell(out, MESSAGES.notAChoice, lang, {}, 'error');
        return false;
      }
      if (!choice.completes) {
        if (choice.advice) tell(out, choice.advice, lang, {}, 'warning');
        return false;
      }
      app.answers[q.id] = choice.value;
      // Every submission of the articles needs the certification of the original (PROCESS.md step 1).
      if (choice.value === 'articles') tell(out, MESSAGES.articlesCertified, lang, {}, 'info');
      return true;
    }
    case 'confirm':
      if (!isDone(text) && matchChoice(text, shownChoices(app, q, ctx))?.value !== 'done') {
        tell(out, MESSAGES.notAChoice, lang, {}, 'error');
        return false;
      }
      app.answers[q.id] = ctx.now.toISOString();
      return true;
    case 'csr':
      return answerCsr(out, text, ctx);
    case 'field':
      return answerField(out, q.field!, text, ctx);
    case 'review':
      return answerReview(out, q, text, ctx);
    case 'wait':
      return answerWait(out, q, text, ctx);
    case 'reissue':
      return answerReissue(out, q, text, ctx);
  }
}

function answerCsr(out: Outcome, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  const a = ctx.deps.analyzeCsr(text, {
    ...(app.fields.organizationName ? { organizationName: app.fields.organizationName } : {}),
    ...(app.fields.countryCode ? { countryCode: app.fields.countryCode } : {}),
    now: ctx.now,
  });
  if (a.kind === 'not-csr') {
    say(out, a.problem.message[lang], 'error');
    return false;
  }
  if (!a.ok) {
    say(out, `${t(MESSAGES.csrRejected, lang)}\n${problemsText(a.problems, lang)}`, 'error');
    return false;
  }
  const c = a.csr;
  const reissue = app.flow === 'reissue' ? reissueCsrProblem(app, c) : undefined;
  if (reissue) {
    tell(out, reissue, lang, {}, 'error');
    return false;
  }
  const oldDomain = app.csr?.domain;
  app.csr = {
    pem: c.pem,
    sans: c.sans,
    keyType: c.keyType,
    publicKeyFingerprint: c.publicKeyFingerprint,
    ...(c.commonName !== undefined ? { commonName: c.commonName } : {}),
    ...(c.domain !== undefined ? { domain: c.domain } : {}),
    ...(c.keySize !== undefined ? { keySize: c.keySize } : {}),
    ...(c.curve !== undefined ? { curve: c.curve } : {}),
  };
  const key = c.curve ? `${c.keyType} ${c.curve}` : `${c.keyType} ${c.keySize ?? ''}`.trim();
  tell(
    out,
    MESSAGES.csrAccepted,
    lang,
    { cn: c.commonName ?? '-', sans: c.sans.join(', ') || '-', key },
    'success',
  );
  sayProblems(out, a.problems, lang);
  // Step 3 of the acquire flow happens in the panel too (renewal says it with its one form, step 3).
  if (app.flow === 'acquire') tell(out, MESSAGES.csrToPanel, lang, {}, 'info');
  if (oldDomain !== undefined && oldDomain !== c.domain && app.fields.approvalEmail !== undefined) {
    delete app.fields.approvalEmail;
    tell(out, MESSAGES.approvalCleared, lang, {}, 'warning');
  }
  return true;
}

function answerReview(out: Outcome, q: QuestionDef, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  const state = reviewState(app, ctx.deps);
  const picked = matchChoice(text, shownChoices(app, q, ctx))?.value;
  if (picked?.startsWith('intent:edit ')) {
    // A way out of a blocked review: ask the field (or the CSR) again.
    const target = resolveEditTarget(picked.slice('intent:edit '.length), app.flow);
    if (target) app.focus = target;
    return false;
  }
  if (picked === 'acknowledge') {
    if (state.mismatches.length > 0) {
      app.dunsMismatchAcknowledged = true;
      out.changed.push('dunsMismatchAcknowledged');
      tell(out, MESSAGES.dunsAcknowledged, lang, {}, 'warning');
    }
    return false;
  }
  if (picked !== 'submitted' && !isDone(text)) {
    tell(out, MESSAGES.notAChoice, lang, {}, 'error');
    return false;
  }
  if (state.blocked) return false;
  app.answers[q.id] = ctx.now.toISOString();
  return true;
}
