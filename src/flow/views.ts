import { fill, t } from './catalogue.js';
import { corporateSections, predictedSerial } from './corporate.js';
import type { Problem } from './csr-check.js';
import type { EngineDeps } from './deps.js';
import { crossCheckDuns, type DunsMismatch, displayValue, FIELD_LABELS, splitName } from './fields/index.js';
import { currentQuestion, isAnswered } from './progress.js';
import { questionsFor } from './questions.js';
import { datesLines } from './reissue-rules.js';
import type { Reply, SummarySection } from './replies.js';
import type { Application } from './state.js';
import { stepInfo } from './step-info.js';
import { visibleSteps } from './steps.js';
import { DUNS_FIELDS, type FieldName, REGISTRANT_FIELDS } from './types.js';
import { words } from './words.js';

function row(app: Application, field: FieldName) {
  const v = app.fields[field];
  return {
    field,
    label: t(FIELD_LABELS[field], app.lang),
    value:
      v !== undefined
        ? displayValue(field, v, app.lang)
        : // After issuance only what renewal needs is kept: an absent value was removed, not forgotten.
          app.status === 'issued'
          ? words.removedAfterIssue[app.lang]
          : words.notYet[app.lang],
  };
}

/** Step 6's "I ACCEPT" values: FirstName, Surname, Contact Phone No (the DUNS phone), Job Title. */
/** The I ACCEPT values' heading, numbered by the flow's own agreement step (a reissue has none). */
function agreementTitle(app: Application): string {
  const n = stepInfo(app, 'agreement').number;
  return n > 0
    ? fill(words.agreementSection, app.lang, { n: String(n) })
    : t(words.agreementValues, app.lang);
}

export function agreementSection(app: Application): SummarySection {
  const lang = app.lang;
  const name = app.fields.name ? splitName(app.fields.name) : undefined;
  const phone = app.fields.dunsPhone ?? app.fields.phone;
  const notYet = words.notYet[lang];
  return {
    title: agreementTitle(app),
    rows: [
      { label: 'FirstName', value: name?.firstName ?? notYet },
      { label: 'Surname', value: name?.surname ?? notYet },
      { label: 'Contact Phone No', value: phone ? displayValue('dunsPhone', phone, lang) : notYet },
      { label: 'Job Title', value: app.fields.title ?? notYet },
    ],
    ...(app.fields.dunsPhone === undefined ? { note: t(words.contactPhoneRenewNote, lang) } : {}),
  };
}

/** The whole application in the panel's field order, ready to copy. */
export function summaryReply(app: Application, deps?: EngineDeps): Reply {
  const lang = app.lang;
  const sections: SummarySection[] = [];
  if (app.csr) {
    sections.push({
      title: t(words.csrSection, lang),
      rows: [
        { label: 'Common Name', value: app.csr.commonName ?? '' },
        { label: 'SANs', value: app.csr.sans.join(', ') },
        { label: t(words.keyLabel, lang), value: keyText(app) },
      ],
    });
  }
  sections.push({ title: t(words.panelSection, lang), rows: REGISTRANT_FIELDS.map((f) => row(app, f)) });
  if (app.flow === 'acquire') {
    sections.push({ title: t(words.dunsSection, lang), rows: DUNS_FIELDS.map((f) => row(app, f)) });
  }
  sections.push(agreementSection(app));
  if (app.fields.corporateNumber) {
    const serial = deps ? predictedSerial(app, deps) : undefined;
    sections.push({
      title: t(FIELD_LABELS.corporateNumber, lang),
      rows: [
        row(app, 'corporateNumber'),
        ...(serial
          ? [
              {
                label: t(words.expectedSerial, lang),
                value: serial,
              },
            ]
          : []),
      ],
    });
    if (deps) sections.push(...corporateSections(app, deps));
  }
  return { type: 'summary', title: t(words.summaryTitle, lang), sections };
}

function keyText(app: Application): string {
  const c = app.csr!;
  return c.curve ? `${c.keyType} ${c.curve}` : `${c.keyType}${c.keySize ? ` ${c.keySize}` : ''}`;
}

export interface ReviewState {
  mismatches: DunsMismatch[];
  csrProblems: Problem[];
  blocked: boolean;
}

/**
 * What stands between the application and "ready to submit": DUNS mismatches (acquire; they block
 * unless the user confirmed the DUNS record will be corrected) and CSR problems against the organisation.
 */
export function reviewState(app: Application, deps: EngineDeps): ReviewState {
  const mismatches = app.flow === 'acquire' ? crossCheckDuns(app.fields) : [];
  let csrProblems: Problem[] = [];
  if (app.csr) {
    const a = deps.analyzeCsr(app.csr.pem, {
      ...(app.fields.organizationName ? { organizationName: app.fields.organizationName } : {}),
      countryCode: app.fields.countryCode ?? 'JP',
    });
    if (a.kind === 'csr') csrProblems = a.problems;
  }
  const blocked =
    (mismatches.length > 0 && !app.dunsMismatchAcknowledged) ||
    csrProblems.some((p) => p.severity === 'error');
  return { mismatches, csrProblems, blocked };
}

export function statusReplies(app: Application): Reply[] {
  const lang = app.lang;
  const current = currentQuestion(app);
  const questions = questionsFor(app.flow);
  const items = visibleSteps(app.flow).map((s) => {
    const own = questions.filter(
      (q) => q.step === s.id || (app.flow !== 'acquire' && s.id === 'csr' && q.step === 'registrant'),
    );
    // A closed application has no current step (an issued one kept only what renewal needs).
    const isCurrent =
      app.status === 'active' && current !== undefined && own.some((q) => q.id === current.id);
    const ct =
      s.id === 'issuance' && app.ctIssued
        ? lang === 'ja'
          ? '（CTで発行を確認済み）'
          : ' (issued per CT)'
        : '';
    return {
      label: `${s.number[app.flow]}. ${s.title[app.flow][lang]}${ct}`,
      done: app.status === 'issued' || own.every((q) => isAnswered(app, q)),
      ...(isCurrent ? { current: true } : {}),
    };
  });
  const ct = ctStatusReply(app);
  const dates = datesLines(app);
  return [
    { type: 'checklist', title: `${t(words.statusTitle, lang)} (${app.id})`, items },
    ...(ct ? [ct] : []),
    ...(dates.length > 0 ? [{ type: 'text' as const, text: dates.join('\n') }] : []),
  ];
}

const CT_STATUS = {
  ja: 'Certificate Transparency で発行を確認しました（{at}、有効期限 {to}）。証明書の貼り付けを待っています。',
  en: 'Issued per Certificate Transparency (seen {at}, expires {to}); waiting for the certificate to be pasted.',
};

/** The status line of an application issued per CT (Slack thread and App Home, email, console). */
export function ctStatusReply(app: Application): Reply | undefined {
  const seen = app.ctIssued;
  if (!seen || app.status !== 'active') return undefined;
  return {
    type: 'text',
    tone: 'success',
    text: fill(CT_STATUS, app.lang, { at: seen.seenAt.slice(0, 10), to: seen.notAfter.slice(0, 10) }),
  };
}

/** The question a closed application ends with: which application to start next (1 acquire, 2 renew). */
export function nextApplicationQuestion(app: Application): Reply {
  const lang = app.lang;
  return {
    type: 'question',
    id: 'flow',
    step: { id: 'prepare', number: 0, total: 0, title: '' },
    text: t(app.status === 'cancelled' ? words.cancelled : words.issuedClosed, lang),
    input: 'choice',
    choices: [
      {
        value: 'acquire',
        label: t(words.startAcquire, lang),
      },
      { value: 'renew', label: t(words.startRenew, lang) },
    ],
  };
}
