import { matchChoice, shownChoices } from './answer-common.js';
import { t } from './catalogue.js';
import { afterCorporateNumber } from './corporate.js';
import { displayValue, FIELD_LABELS, splitName, validateField } from './fields/index.js';
import { postalPrefectureWarning } from './fields/postal-prefecture.js';
import { isSteeringWord } from './intents.js';
import { MESSAGES } from './messages.js';
import { currentQuestion } from './progress.js';
import type { Application } from './state.js';
import { type Outcome, reAsk, say, type TurnContext, tell } from './turn.js';
import type { FieldName, FieldResult } from './types.js';

/** Answers that are a registrant field (step 4), one by one or as a whole form. */

export function validateFor(app: Application, field: FieldName, text: string): FieldResult {
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
    ...(app.fields.name ? { personName: app.fields.name } : {}),
  });
}

export function answerField(out: Outcome, field: FieldName, text: string, ctx: TurnContext): boolean {
  const { app } = out;
  const lang = app.lang;
  let raw = text;
  const q = currentQuestion(app)!;
  const c = matchChoice(text, shownChoices(app, q, ctx));
  if (c) raw = c.value;
  else if (isSteeringWord(text)) {
    // Intent words never become field values silently.
    const label = t(FIELD_LABELS[field], lang);
    tell(
      out,
      MESSAGES.commandWord,
      lang,
      {
        word: text.trim(),
        label: lang === 'en' ? label.toLowerCase() : label,
      },
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
    tell(out, MESSAGES.changedAfterSubmit, lang, {}, 'warning');
  }
  // Edits, and answers the check changed (normalised, reordered), are echoed as saved.
  const typed = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (app.focus === q.id || (!c && displayValue(field, r.value, lang) !== typed)) {
    tell(
      out,
      MESSAGES.saved,
      lang,
      {
        label: t(FIELD_LABELS[field], lang),
        value: displayValue(field, r.value, lang),
      },
      'success',
    );
  }
  if (field === 'name' && nameOrderChanged(typed, r.value)) {
    const { firstName, surname } = splitName(r.value);
    tell(out, MESSAGES.nameOrder, lang, { firstName, surname }, 'info');
  }
  // Accepted, but probably not what the CA wants (a mobile number for the callback): said once, here.
  if (r.warning) say(out, r.warning.message[lang], 'warning');
  const mismatch = POSTAL_PAIR.includes(field) ? postalPrefectureWarning(app.fields) : undefined;
  if (mismatch) say(out, mismatch[lang], 'warning');
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

/** Either of these saved: the postal code is checked against the prefecture (a warning, not a refusal). */
const POSTAL_PAIR: FieldName[] = ['postalCode', 'prefecture'];

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
      tell(out, MESSAGES.recheckCountry, app.lang, { label: t(FIELD_LABELS[f], app.lang) }, 'warning');
    }
  }
}

/** Applies a multi-field form: every field valid, or nothing applied and one message per bad field. */
export function applyForm(out: Outcome, values: Partial<Record<FieldName, string>>, ctx: TurnContext): void {
  const { app } = out;
  const trial: Application = { ...app, fields: { ...app.fields } };
  // The fields other rules depend on first: the country (postal code, phone) and the name (title).
  for (const f of ['countryCode', 'name'] as const) {
    if (values[f] === undefined) continue;
    const c = validateFor(trial, f, values[f]);
    if (c.ok) trial.fields[f] = c.value;
  }
  const errors: Partial<Record<FieldName, string>> = {};
  const accepted: Partial<Record<FieldName, string>> = {};
  const warnings: string[] = [];
  for (const [field, raw] of Object.entries(values) as Array<[FieldName, string]>) {
    const r = validateFor(trial, field, raw);
    if (r.ok) {
      accepted[field] = r.value;
      if (r.warning) warnings.push(r.warning.message[app.lang]);
    } else errors[field] = r.error.message[app.lang];
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
  const mismatch = POSTAL_PAIR.some((f) => f in accepted) ? postalPrefectureWarning(app.fields) : undefined;
  if (mismatch) warnings.push(mismatch[app.lang]);
  for (const w of warnings) say(out, w, 'warning');
  reAsk(out, ctx);
}
