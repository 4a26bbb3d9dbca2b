import { z } from 'zod';
import type { FieldName } from '../types.js';
import { echo, enLabel, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { hasJapanese, offendingChars, stripDiacritics } from './normalize.js';
import { cleanRomaji, tooLong } from './romaji.js';

export type AddressField = Extract<FieldName, 'city' | 'address' | 'dunsAddress'>;

const ADDRESS_CHAR = /[A-Za-z0-9 ,./#'()-]/;
const LIMITS: Record<AddressField, { max: number; example: string }> = {
  city: { max: 128, example: 'Chiyoda-ku' },
  address: { max: 128, example: '1-2-3 Marunouchi, Example Bldg. 5F' },
  dunsAddress: { max: 200, example: '1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001' },
};

/** City, street address and the DUNS address line, in romaji ("アルファベットで", step 4). */
export function addressSchema(field: AddressField): FieldSchema {
  const label = FIELD_LABELS[field];
  const { max, example } = LIMITS[field];
  return z.string().transform((raw, ctx) => {
    const v = cleanRomaji(raw.replace(/〒/g, ' '));
    if (v === '') return fail(ctx, requiredError(field, label, example));
    if (hasJapanese(v)) {
      return fail(
        ctx,
        fieldError(`${field}.japanese`, {
          ja:
            `${label.ja}はローマ字（アルファベット）でご入力ください（例: ${example}）。` +
            '英語の住所は「丁目-番地-号, 建物名, 階」の順で、例えば「1-2-3 Marunouchi, Example Bldg. 5F」、市区町村は「Chiyoda-ku」のように書きます。',
          en:
            `Type the ${enLabel(label)} in romaji (the Latin alphabet), e.g. ${example}. ` +
            'An English street address reads "chome-banchi-go, building, floor", e.g. "1-2-3 Marunouchi, Example Bldg. 5F"; a city reads e.g. "Chiyoda-ku".',
        }),
      );
    }
    const plain = stripDiacritics(v);
    const bad = offendingChars(plain, ADDRESS_CHAR);
    if (bad.length > 0) {
      const shown = bad.map((c) => `"${c}"`).join(' ');
      return fail(
        ctx,
        fieldError(`${field}.characters`, {
          ja: `${label.ja}に使えるのは英数字、スペース、「- , . / # '」と括弧だけです。使えない文字: ${echo(shown)}（例: ${example}）`,
          en: `The ${enLabel(label)} may contain only letters, digits, spaces, - , . / # ' and parentheses. Not allowed: ${echo(shown)} (e.g. ${example}).`,
        }),
      );
    }
    if (plain.length > max) return fail(ctx, tooLong(field, label, plain.length, max, example));
    return plain;
  });
}
