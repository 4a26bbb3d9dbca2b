import { FIELD_LABELS } from './fields/index.js';
import { fold } from './intents.js';
import { fieldQuestionId } from './questions.js';
import {
  DUNS_FIELDS,
  type FieldName,
  type FlowKind,
  ORGANISATION_FIELDS,
  REGISTRANT_FIELDS,
} from './types.js';

const ALIASES: Record<string, FieldName> = {
  org: 'organizationName',
  organization: 'organizationName',
  organisation: 'organizationName',
  company: 'organizationName',
  会社名: 'organizationName',
  組織: 'organizationName',
  duns: 'duns',
  dunsnumber: 'duns',
  ダンズ: 'duns',
  名前: 'name',
  お名前: 'name',
  job: 'title',
  jobtitle: 'title',
  postal: 'postalCode',
  zip: 'postalCode',
  郵便: 'postalCode',
  country: 'countryCode',
  国: 'countryCode',
  state: 'prefecture',
  県: 'prefecture',
  city: 'city',
  市: 'city',
  street: 'address',
  addr: 'address',
  tel: 'phone',
  telephone: 'phone',
  電話: 'phone',
  fax: 'fax',
  mail: 'email',
  メール: 'email',
  approval: 'approvalEmail',
  承認メール: 'approvalEmail',
  承認用メール: 'approvalEmail',
  法人番号: 'corporateNumber',
  corporatenumber: 'corporateNumber',
  houjinbangou: 'corporateNumber',
};

const squash = (s: string) => fold(s).replace(/[\s_\-・.]/g, '');

/** Maps what a person calls a field ("phone", "電話番号", "3", "CSR") to the question to revisit. */
export function resolveEditTarget(target: string, flow: FlowKind): string | undefined {
  const key = squash(target);
  if (key === 'csr') return 'csr';
  const fields: readonly FieldName[] =
    flow === 'acquire'
      ? [...REGISTRANT_FIELDS, ...DUNS_FIELDS, ...ORGANISATION_FIELDS]
      : [...REGISTRANT_FIELDS, ...ORGANISATION_FIELDS];
  if (/^\d+$/.test(key)) {
    const f = REGISTRANT_FIELDS[Number(key) - 1];
    return f ? fieldQuestionId(f) : undefined;
  }
  for (const f of fields) {
    const l = FIELD_LABELS[f];
    if (squash(f) === key || squash(l.ja) === key || squash(l.en) === key) return fieldQuestionId(f);
  }
  const alias = ALIASES[key];
  if (alias && fields.includes(alias)) return fieldQuestionId(alias);
  return undefined;
}
