import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { FieldError, FieldName, Text } from '../types.js';
import { echo, enLabel, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { asciiDashes, hasJapanese, nfkc } from './normalize.js';

export type PhoneField = Extract<FieldName, 'phone' | 'fax' | 'dunsPhone'>;

/** What people answer when they have no fax (the engine also treats these as "skip"). */
const NO_FAX = new Set([
  'なし',
  '無し',
  'ない',
  '無い',
  'ありません',
  '不要',
  'none',
  'n/a',
  'na',
  '-',
  'skip',
]);

function defaultCountry(country: string): CountryCode | undefined {
  return isSupportedCountry(country) ? country : undefined;
}

/** A phone number in any common notation (`（03）1234-5678`, full-width digits, `+81 3 ...`) → E.164. */
export function phoneSchema(field: PhoneField, country: string): FieldSchema {
  const label = FIELD_LABELS[field];
  return z.string().transform((raw, ctx) => {
    const v = asciiDashes(nfkc(raw));
    if (v === '' || (field === 'fax' && NO_FAX.has(v.toLowerCase()))) {
      if (field === 'fax') return '';
      return fail(ctx, requiredError(field, label, '03-1234-5678'));
    }
    if (hasJapanese(v) || /[A-Za-z]/.test(v)) {
      return fail(
        ctx,
        fieldError(`${field}.format`, {
          ja: `${label.ja}は数字とハイフンでご入力ください（例: 03-1234-5678）。入力: 「${echo(raw)}」`,
          en: `Enter the ${enLabel(label)} with digits and hyphens only (e.g. 03-1234-5678). You entered "${echo(raw)}".`,
        }),
      );
    }
    const p = parsePhoneNumberFromString(v, defaultCountry(country));
    if (!p?.isValid()) {
      const digits = v.replace(/\D/g, '').length;
      return fail(
        ctx,
        fieldError(`${field}.invalid`, {
          ja: `「${echo(raw)}」は${label.ja}として有効な番号ではありません（数字${digits}桁）。市外局番から、例: 03-1234-5678 のようにご入力ください。海外の番号は +1 650 253 0000 のように国番号からご入力ください。`,
          en: `"${echo(raw)}" is not a valid ${enLabel(label)} (${digits} digits). Include the area code, e.g. 03-1234-5678, or for a number abroad the country code, e.g. +1 650 253 0000.`,
        }),
      );
    }
    return p.number;
  });
}

/** Japanese numbers the CA's callback (to the DUNS phone, PROCESS.md step 8) should not be made to. */
const UNLIKELY_CALLBACK: ReadonlyArray<{ prefix: RegExp; kind: Text }> = [
  {
    prefix: /^[789]0\d{8}$/,
    kind: { ja: '携帯電話の番号（070/080/090）', en: 'a mobile number (070/080/090)' },
  },
  {
    prefix: /^(?:120|800)/,
    kind: { ja: 'フリーダイヤル（0120/0800）', en: 'a toll-free number (0120/0800)' },
  },
  { prefix: /^570/, kind: { ja: 'ナビダイヤル（0570）', en: 'a Navi Dial number (0570)' } },
];

/**
 * A warning, not a refusal, for a mobile, toll-free or Navi Dial number as the organisation's or the
 * DUNS phone: the CA calls the number registered with DUNS and asks for the applicant-in-charge, so it
 * is usually the main landline. Such a number is valid, and some organisations really use one.
 */
export function callbackPhoneWarning(field: PhoneField, e164: string): FieldError | undefined {
  const p = parsePhoneNumberFromString(e164);
  if (p?.countryCallingCode !== '81') return undefined;
  const hit = UNLIKELY_CALLBACK.find((u) => u.prefix.test(p.nationalNumber));
  if (!hit) return undefined;
  const shown = p.formatNational();
  const label = FIELD_LABELS[field];
  return fieldError(`${field}.unlikelyCallback`, {
    ja: `${shown} は${hit.kind.ja}です。認証局はDUNSに登録された電話番号に電話をかけて申請責任者への取り次ぎを頼むため（手順8）、通常は会社の代表電話（固定電話）を使います。この番号で間違いなければそのまま進めてください。違う場合は「修正 ${label.ja}」で直せます。`,
    en: `${shown} is ${hit.kind.en}. The CA calls the phone number registered with DUNS and asks for the applicant-in-charge (step 8), so this is usually the organisation's main landline. If this number is right, carry on; otherwise correct it with "edit ${enLabel(label)}".`,
  });
}

/** `+81312345678` → `03-1234-5678` for Japanese numbers, `+1 650 253 0000` otherwise. */
export function formatPhone(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  return p.country === 'JP' ? p.formatNational() : p.formatInternational();
}

/** The national significant number (no `+81`, no trunk `0`): what "the same number" means. */
export function nationalDigits(value: string): string {
  const p = parsePhoneNumberFromString(value, 'JP');
  if (p) return p.nationalNumber;
  const d = value.replace(/\D/g, '');
  if (value.trim().startsWith('+81')) return d.slice(2);
  return d.replace(/^0/, '');
}
