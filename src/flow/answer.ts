import { ask } from './ask.js';
import { afterCorporateNumber, serialCheck } from './corporate.js';
import type { Problem } from './csr-check.js';
import { resolveEditTarget } from './edit-target.js';
import type { Outcome, TurnContext } from './engine.js';
import { reAsk } from './engine.js';
import { displayValue, FIELD_LABELS, splitName, validateField } from './fields/index.js';
import { fill, MESSAGES } from './help.js';
import { fold, isSteeringWord, parseYesNo } from './intents.js';
import { t } from './lang.js';
import { currentQuestion } from './progress.js';
import { CHECKS, type QuestionDef } from './questions.js';
import { afterIssuance, answerReissue, recordIssuance, reissueCsrProblem } from './reissue.js';
import type { ReplyChoice, Tone } from './replies.js';
import { siteCheckOffer } from './site-check.js';
import type { Application } from './state.js';
import type { FieldName, FieldResult, Lang } from './types.js';
import { reviewState } from './views.js';

const DONE = [
  'done',
  'ok',
  'yes',
  'y',
  'opened',
  'open',
  'submitted',
  'sent',
  'issued',
  'finished',
  'complete',
  'completed',
  '完了',
  '完了しました',
  '終了',
  '終了しました',
  '済み',
  '済',
  '済んだ',
  'できた',
  'できました',
  '終わった',
  '終わりました',
  'はい',
  '開きました',
  '開いた',
  '申請しました',
  'パネルで申請しました',
  '送信しました',
  '送りました',
  '送った',
  '発行された',
  '発行されました',
  '届いた',
];

function isDone(text: string): boolean {
  return DONE.includes(fold(text).replace(/[。．.!！]+$/, ''));
}

/** Matches a typed answer to a list of choices: the number shown, the value or the label. */
export function matchChoice(text: string, choices: ReplyChoice[]): ReplyChoice | undefined {
  const f = fold(text).replace(/[。．.]+$/, '');
  if (f === '') return undefined;
  if (/^\d+$/.test(f)) return choices[Number(f) - 1];
  const exact = choices.find((c) => fold(c.value) === f || fold(c.label) === f);
  if (exact || f.length < 3) return exact;
  // "opinion letter" for "Attorney opinion letter": a part of exactly one label.
  const partial = choices.filter((c) => fold(c.label).includes(f));
  return partial.length === 1 ? partial[0] : undefined;
}

/** The choices the question offers as it is shown now. */
function shownChoices(app: Application, q: QuestionDef, ctx: TurnContext): ReplyChoice[] {
  const shown = ask(app, q, ctx.deps).at(-1);
  return shown?.type === 'question' ? (shown.choices ?? []) : [];
}

function say(out: Outcome, text: string, tone?: Tone): void {
  out.replies.push(tone ? { type: 'text', text, tone } : { type: 'text', text });
}

function problemsText(problems: Problem[], lang: Lang): string {
  return problems.map((p) => `${p.severity === 'error' ? '✖' : '⚠'} ${p.message[lang]}`).join('\n');
}

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
        say(out, t(MESSAGES.notAChoice, lang), 'error');
        return false;
      }
      if (!choice.completes) {
        if (choice.advice) say(out, t(choice.advice, lang), 'warning');
        return false;
      }
      app.answers[q.id] = choice.value;
      // Every submission of the articles needs the certification of the original (PROCESS.md step 1).
      if (choice.value === 'articles') say(out, t(MESSAGES.articlesCertified, lang), 'info');
      return true;
    }
    case 'confirm':
      if (!isDone(text) && matchChoice(text, shownChoices(app, q, ctx))?.value !== 'done') {
        say(out, t(MESSAGES.notAChoice, lang), 'error');
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
    say(out, t(reissue, lang), 'error');
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
  say(
    out,
    fill(MESSAGES.csrAccepted, lang, { cn: c.commonName ?? '-', sans: c.sans.join(', ') || '-', key }),
    'success',
  );
  if (a.problems.length > 0) say(out, problemsText(a.problems, lang), 'warning');
  // Step 3 of the acquire flow happens in the panel too (renewal says it with its one form, step 3).
  if (app.flow === 'acquire') say(out, t(MESSAGES.csrToPanel, lang), 'info');
  if (oldDomain !== undefined && oldDomain !== c.domain && app.fields.approvalEmail !== undefined) {
    delete app.fields.approvalEmail;
    say(out, t(MESSAGES.approvalCleared, lang), 'warning');
  }
  return true;
}

function validateFor(app: Application, field: FieldName, text: string): FieldResult {
  if (field === 'postalCode' && app.fields.countryCode === undefined) {
    // The panel asks the postal code before the country: accept a Japanese code, else any sane code,
    // and check it again once the country is known (recheckForCountry).
    const jp = validateField(field, text, { countryCode: 'JP' });
    if (jp.ok) return jp;
    // Any country but Japan gets the same generic postal-code rule; 'US' stands for "not Japan" here.
    const other = validateField(field, text, { countryCode: 'US' });
    return other.ok ? other : jp;
  }
  return validateField(field, text, {
    countryCode: app.fields.countryCode ?? 'JP',
    ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
  });
}

function answerField(out: Outcome, field: FieldName, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  let raw = text;
  const q = currentQuestion(app)!;
  const c = matchChoice(text, shownChoices(app, q, ctx));
  if (c) raw = c.value;
  else if (isSteeringWord(text)) {
    // Intent words never become field values silently.
    const label = t(FIELD_LABELS[field], lang);
    say(
      out,
      fill(MESSAGES.commandWord, lang, {
        word: text.trim(),
        label: lang === 'en' ? label.toLowerCase() : label,
      }),
      'error',
    );
    return false;
  }
  const r = validateFor(app, field, raw);
  if (!r.ok) {
    say(out, r.error.message[lang], 'error');
    return false;
  }
  const before = app.fields[field];
  app.fields[field] = r.value;
  if (field === 'corporateNumber') out.replies.push(...afterCorporateNumber(app, ctx.deps));
  if (field === 'countryCode' && before !== r.value) recheckForCountry(out);
  if (before !== undefined && before !== r.value && app.answers.review !== undefined) {
    // Step 4 was already submitted in the panel: our copy changing does not change the application.
    say(out, t(MESSAGES.changedAfterSubmit, lang), 'warning');
  }
  // Edits, and answers the check changed (normalised, reordered), are echoed as saved.
  const typed = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (app.focus === q.id || (!c && displayValue(field, r.value, lang) !== typed)) {
    say(
      out,
      fill(MESSAGES.saved, lang, {
        label: t(FIELD_LABELS[field], lang),
        value: displayValue(field, r.value, lang),
      }),
      'success',
    );
  }
  if (field === 'name' && nameOrderChanged(typed, r.value)) {
    const { firstName, surname } = splitName(r.value);
    say(out, fill(MESSAGES.nameOrder, lang, { firstName, surname }), 'info');
  }
  return true;
}

/** Whether the saved name's words come in another order than typed (family name first, a comma). */
function nameOrderChanged(typed: string, saved: string): boolean {
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/[,]/g, ' ')
      .split(/\s+/)
      .filter((w) => /[a-z]/.test(w));
  const a = words(typed);
  const b = words(saved);
  return b.join(' ') !== a.filter((w) => b.includes(w)).join(' ');
}

/** Fields whose rules depend on the country: re-checked when it changes, dropped (and asked again) if now invalid. */
const COUNTRY_DEPENDENT: FieldName[] = ['postalCode', 'prefecture', 'phone', 'fax', 'dunsPhone'];

function recheckForCountry(out: Outcome): void {
  const { app } = out;
  for (const f of COUNTRY_DEPENDENT) {
    const v = app.fields[f];
    if (v === undefined || v === '') continue;
    const r = validateFor(app, f, v);
    if (r.ok) app.fields[f] = r.value;
    else {
      delete app.fields[f];
      out.changed.push(`field.${f}`);
      say(out, fill(MESSAGES.recheckCountry, app.lang, { label: t(FIELD_LABELS[f], app.lang) }), 'warning');
    }
  }
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
      say(out, t(MESSAGES.dunsAcknowledged, lang), 'warning');
    }
    return false;
  }
  if (picked !== 'submitted' && !isDone(text)) {
    say(out, t(MESSAGES.notAChoice, lang), 'error');
    return false;
  }
  if (state.blocked) return false;
  app.answers[q.id] = ctx.now.toISOString();
  return true;
}

function answerWait(out: Outcome, q: QuestionDef, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  if (q.id === 'wait.issuance' && /-----BEGIN CERTIFICATE-----/.test(text) && ctx.deps.analyzeCertificate) {
    if (!checkCertificate(out, text, ctx)) return false;
    return closeIssued(out, q, ctx);
  }
  if (/-----BEGIN CERTIFICATE-----/.test(text)) {
    say(out, t(MESSAGES.pastedCertTooEarly, lang), 'warning');
    return false;
  }
  // The number shown beside the option ("1) 完了") is an answer like the word itself.
  if (!isDone(text) && matchChoice(text, shownChoices(app, q, ctx))?.value !== 'done') {
    say(out, t(MESSAGES.notAChoice, lang), 'error');
    return false;
  }
  if (q.id === 'wait.issuance') {
    say(out, t(MESSAGES.issuedNoCert, lang), 'success');
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
  if (a.problems.length > 0) say(out, problemsText(a.problems, lang), a.ok ? 'warning' : 'error');
  if (!a.ok) return false;
  app.certificate = {
    notAfter: a.cert.notAfter,
    notBefore: a.cert.notBefore,
    serialNumber: a.cert.serialNumber,
  };
  say(
    out,
    fill(MESSAGES.certChecked, lang, { notAfter: a.cert.notAfter.slice(0, 10), days: a.cert.validityDays }),
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
  out.effects.push({
    type: 'certificate-issued',
    certificate: app.certificate!,
    ...(app.csr ? { csr: app.csr } : {}),
    ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
  });
}

function closeIssued(out: Outcome, q: QuestionDef, ctx: TurnContext): boolean {
  const { app } = out;
  app.answers[q.id] = ctx.now.toISOString();
  app.status = 'issued';
  out.effects.push({ type: 'application-closed', status: 'issued' });
  out.replies.push(...siteCheckOffer(app));
  if (app.certificate) {
    out.effects.push({
      type: 'certificate-issued',
      certificate: app.certificate,
      ...(app.csr ? { csr: app.csr } : {}),
      ...(app.csr?.domain ? { domain: app.csr.domain } : {}),
      ...recordIssuance(app),
    });
  } else recordIssuance(app);
  afterIssuance(out);
  return true;
}

/** Applies a multi-field form: every field valid, or nothing applied and one message per bad field. */
export function applyForm(out: Outcome, values: Partial<Record<FieldName, string>>, ctx: TurnContext): void {
  const { app } = out;
  const trial: Application = { ...app, fields: { ...app.fields } };
  if (values.countryCode !== undefined) {
    const c = validateFor(trial, 'countryCode', values.countryCode);
    if (c.ok) trial.fields.countryCode = c.value;
  }
  const errors: Partial<Record<FieldName, string>> = {};
  const accepted: Partial<Record<FieldName, string>> = {};
  for (const [field, raw] of Object.entries(values) as Array<[FieldName, string]>) {
    const r = validateFor(trial, field, raw);
    if (r.ok) accepted[field] = r.value;
    else errors[field] = r.error.message[app.lang];
  }
  if (Object.keys(errors).length > 0) {
    out.replies.push({ type: 'form-errors', errors });
    return;
  }
  for (const [field, value] of Object.entries(accepted) as Array<[FieldName, string]>) {
    if (app.fields[field] !== value) out.changed.push(`field.${field}`);
    app.fields[field] = value;
  }
  if (app.focus?.startsWith('field.')) delete app.focus;
  reAsk(out, ctx);
}
