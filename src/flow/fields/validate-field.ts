import type { FieldContext, FieldName, FieldResult } from '../types.js';
import { addressSchema } from './address.js';
import { corporateNumberSchema } from './corporate-number.js';
import { contextCountry, countryCodeSchema } from './country-field.js';
import { dunsSchema } from './duns.js';
import { approvalEmailSchema, emailSchema } from './email.js';
import { type FieldSchema, runSchema } from './field-error.js';
import { organizationSchema } from './organization.js';
import { callbackPhoneWarning, phoneSchema } from './phone.js';
import { postalCodeSchema } from './postal-code.js';
import { prefectureSchema } from './prefecture-field.js';
import { personSchema } from './romaji.js';

function schemaFor(name: FieldName, ctx: FieldContext): FieldSchema {
  const country = contextCountry(ctx.countryCode);
  switch (name) {
    case 'organizationName':
    case 'dunsName':
      return organizationSchema(name);
    case 'duns':
      return dunsSchema;
    case 'name':
      return personSchema(name);
    case 'title':
      return personSchema(name, ctx.personName);
    case 'postalCode':
      return postalCodeSchema(country);
    case 'countryCode':
      return countryCodeSchema;
    case 'prefecture':
      return prefectureSchema(country);
    case 'city':
    case 'address':
    case 'dunsAddress':
      return addressSchema(name, country);
    case 'phone':
    case 'fax':
    case 'dunsPhone':
      return phoneSchema(name, country);
    case 'email':
      return emailSchema;
    case 'approvalEmail':
      return approvalEmailSchema(ctx.domain);
    case 'corporateNumber':
      return corporateNumberSchema;
  }
}

/** Validates and normalises what the applicant typed for one field of step 4 (or the DUNS record). */
export function validateField(name: FieldName, raw: string, ctx: FieldContext = {}): FieldResult {
  const r = runSchema(schemaFor(name, ctx), raw);
  if (r.ok && (name === 'phone' || name === 'dunsPhone')) {
    const warning = callbackPhoneWarning(name, r.value);
    if (warning) return { ...r, warning };
  }
  return r;
}
