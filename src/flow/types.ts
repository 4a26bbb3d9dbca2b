/**
 * Shared vocabulary of the flow engine. Pure data: nothing here performs I/O or reads a clock.
 * Procedure references ("step 4") are to ../shared/domain/PROCESS.md.
 */

export type Lang = 'ja' | 'en';

/** A message in both of the languages the bot speaks. */
export interface Text {
  ja: string;
  en: string;
}

/** `reissue` (再発行): a new certificate within the running contract, free of charge (XServer, 2026-02-05). */
export type FlowKind = 'acquire' | 'renew' | 'reissue';

/** Registrant fields typed into the hosting panel in step 4, in the panel's order. */
export const REGISTRANT_FIELDS = [
  'organizationName',
  'duns',
  'name',
  'title',
  'postalCode',
  'countryCode',
  'prefecture',
  'city',
  'address',
  'phone',
  'fax',
  'email',
  'approvalEmail',
] as const;
export type RegistrantField = (typeof REGISTRANT_FIELDS)[number];

/** What the DUNS record says (acquire flow): must match the registrant fields exactly (step 1). */
export const DUNS_FIELDS = ['dunsName', 'dunsAddress', 'dunsPhone'] as const;
export type DunsField = (typeof DUNS_FIELDS)[number];

/** About the organisation, asked in step 1 when offered (the corporate number: optional, not a panel field). */
export const ORGANISATION_FIELDS = ['corporateNumber'] as const;
export type OrganisationField = (typeof ORGANISATION_FIELDS)[number];

export type FieldName = RegistrantField | DunsField | OrganisationField;

/** Context some validators need: the country chosen (postal code, prefecture, phone) and the CSR's domain. */
export interface FieldContext {
  countryCode?: string;
  domain?: string;
  /** The applicant's name as already given: a title that repeats it is refused. */
  personName?: string;
}

export interface FieldError {
  /** Stable machine code, e.g. `duns.length`. Part of the CLI's public JSON contract. */
  code: string;
  message: Text;
}

/**
 * A validated value, or why it was refused. `warning`: the value is accepted, but is probably not what
 * the CA wants (a mobile or toll-free number for the callback); the engine shows it after saving.
 */
export type FieldResult =
  | { ok: true; value: string; warning?: FieldError }
  | { ok: false; error: FieldError };

export interface Choice {
  value: string;
  label: Text;
}
