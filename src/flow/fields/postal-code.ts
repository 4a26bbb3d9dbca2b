import { z } from 'zod';
import { echo, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { asciiDashes, collapseSpaces, nfkc, stripDashesAndSpaces } from './normalize.js';

/**
 * Japan: 7 digits, stored without the hyphen because the panel asks for none ("ハイフンは不要", step 4).
 * Accepts `〒100-0001`, `１００－０００１`, `100ー0001`, `100 0001`.
 * Elsewhere: 2-10 letters, digits, spaces or hyphens, uppercased (`SW1A 1AA`, `94043-1351`).
 */
export function postalCodeSchema(country: string): FieldSchema {
  const label = FIELD_LABELS.postalCode;
  return z.string().transform((raw, ctx) => {
    if (country !== 'JP') {
      const v = collapseSpaces(asciiDashes(nfkc(raw))).toUpperCase();
      if (v === '') return fail(ctx, requiredError('postalCode', label, 'SW1A 1AA'));
      if (!/^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/.test(v)) {
        return fail(
          ctx,
          fieldError('postalCode.format', {
            ja: `郵便番号は英数字2〜10文字（スペース・ハイフン可）でご入力ください（例: SW1A 1AA、94043）。入力: 「${echo(raw)}」`,
            en: `Enter the postal code as 2-10 letters or digits (spaces and hyphens allowed), e.g. SW1A 1AA or 94043. You entered "${echo(raw)}".`,
          }),
        );
      }
      return v;
    }
    const v = stripDashesAndSpaces(nfkc(raw).replace(/〒/g, ''));
    if (v === '') return fail(ctx, requiredError('postalCode', label, '1000001'));
    if (!/^\d+$/.test(v)) {
      return fail(
        ctx,
        fieldError('postalCode.format', {
          ja: `郵便番号は数字7桁でご入力ください（例: 1000001）。入力: 「${echo(raw)}」`,
          en: `A Japanese postal code is 7 digits (e.g. 1000001). You entered "${echo(raw)}".`,
        }),
      );
    }
    if (v.length !== 7) {
      return fail(
        ctx,
        fieldError('postalCode.length', {
          ja: `郵便番号は7桁ですが、${v.length}桁が入力されました（例: 1000001）。`,
          en: `A Japanese postal code has 7 digits, but ${v.length} were given (e.g. 1000001).`,
        }),
      );
    }
    if (v.startsWith('000')) {
      // Japanese postal codes begin at 001 (Sapporo): 000-xxxx is a placeholder, never an address.
      return fail(
        ctx,
        fieldError('postalCode.placeholder', {
          ja: `「${echo(raw)}」という郵便番号はありません（000で始まる番号は使われていません）。運営組織の所在地の郵便番号をご入力ください（例: 1000001）。`,
          en: `There is no postal code "${echo(raw)}" (no Japanese code begins with 000). Enter the postal code of the organisation's address (e.g. 1000001).`,
        }),
      );
    }
    return v;
  });
}
