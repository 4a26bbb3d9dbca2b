import { z } from 'zod';
import { echo, type FieldSchema, fail, fieldError } from './field-error.js';
import { nfkc, stripDashesAndSpaces } from './normalize.js';

/**
 * The corporate number (法人番号): 13 digits, a check digit followed by a 12-digit body. For a company
 * registered at a legal affairs bureau the body is its company registration number (会社法人等番号),
 * which Sectigo puts in an EV certificate's subject serialNumber (EV Guidelines 9.2.5).
 *
 * Check digit, per the National Tax Agency's specification (法人番号の指定等に関する省令 第2条):
 * `9 − ((Σ Pn·Qn) mod 9)` over the body, Pn the n-th digit counted from the body's right, Qn = 1 for an odd
 * n and 2 for an even one.
 */
export function corporateCheckDigit(body: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(body[body.length - n]);
    sum += digit * (n % 2 === 0 ? 2 : 1);
  }
  return 9 - (sum % 9);
}

/** The company registration number (会社法人等番号) of a valid corporate number, as the registry prints it. */
export function registrationNumberOf(corporateNumber: string): string {
  const body = corporateNumber.slice(1);
  return `${body.slice(0, 4)}-${body.slice(4, 6)}-${body.slice(6)}`;
}

/** Digits only: for comparing a certificate's serialNumber (`1803-01-018771`, `180301018771`) with ours. */
export function digitsOnly(s: string): string {
  return nfkc(s).replace(/\D/g, '');
}

/** Full-width digits (NFKC), hyphens of every kind and spaces accepted; the stored value is 13 ASCII digits. */
export const corporateNumberSchema: FieldSchema = z.string().transform((raw, ctx) => {
  const v = stripDashesAndSpaces(nfkc(raw));
  const shown = raw.trim();
  if (v === '') {
    return fail(
      ctx,
      fieldError('corporateNumber.required', {
        ja: '法人番号（13桁）をご入力ください（例: 1180301018771）。わからない場合は「スキップ」とお答えください。',
        en: 'Please enter the corporate number (13 digits, e.g. 1180301018771), or answer "skip" if you do not know it.',
      }),
    );
  }
  if (!/^\d+$/.test(v)) {
    return fail(
      ctx,
      fieldError('corporateNumber.digits', {
        ja: `法人番号は数字13桁です。数字以外の文字は入れずにご入力ください（例: 1180301018771）。入力: 「${echo(shown)}」`,
        en: `A corporate number is 13 digits; enter digits only (e.g. 1180301018771). You entered "${echo(shown)}".`,
      }),
    );
  }
  if (v.length !== 13) {
    const hint =
      v.length === 12
        ? {
            ja: '12桁の場合は会社法人等番号（登記簿の番号）かもしれません。法人番号はその前に1桁のチェックディジットが付いた13桁です（国税庁 法人番号公表サイトで確認できます）。',
            en: 'Twelve digits may be the company registration number (会社法人等番号); the corporate number is 13 digits, a check digit in front of it (look it up on the NTA’s corporate number site).',
          }
        : { ja: '桁の抜けや重複がないかご確認ください。', en: 'Check for a missing or extra digit.' };
    return fail(
      ctx,
      fieldError('corporateNumber.length', {
        ja: `法人番号は13桁ですが、${v.length}桁が入力されました。${hint.ja}`,
        en: `A corporate number has 13 digits, but ${v.length} were given. ${hint.en}`,
      }),
    );
  }
  if (corporateCheckDigit(v.slice(1)) !== Number(v[0])) {
    return fail(
      ctx,
      fieldError('corporateNumber.checkDigit', {
        ja: `法人番号「${echo(v)}」は検査用数字（先頭の1桁）が合いません。打ち間違いがないか、国税庁 法人番号公表サイトでご確認ください。`,
        en: `The corporate number "${echo(v)}" fails its check digit (the first digit). Check it for a typo on the NTA’s corporate number publication site.`,
      }),
    );
  }
  return v;
});
