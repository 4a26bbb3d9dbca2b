import { z } from 'zod';
import { echo, enLabel, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { hasJapanese, isPrintableAscii, stripDiacritics } from './normalize.js';
import { cleanRomaji, tooLong } from './romaji.js';

const EXAMPLE = 'Example Trading Co., Ltd.';

/**
 * The official English name (組織名) and the name registered with DUNS: printable ASCII, at most 64
 * characters. It must match the romanised trade name in the articles of incorporation and the DUNS record
 * (step 1), so characters with diacritics are not folded silently: the applicant is asked to confirm.
 */
export function organizationSchema(field: 'organizationName' | 'dunsName'): FieldSchema {
  const label = FIELD_LABELS[field];
  return z.string().transform((raw, ctx) => {
    const v = cleanRomaji(raw);
    if (v === '') return fail(ctx, requiredError(field, label, EXAMPLE));
    if (hasJapanese(v)) {
      return fail(
        ctx,
        fieldError(
          `${field}.japanese`,
          field === 'dunsName'
            ? {
                ja: `DUNSに登録されている英語会社名を、登録どおりにご入力ください（例: ${EXAMPLE}）。日本語の商号は使えません。`,
                en: `Enter the English company name exactly as registered with DUNS (e.g. ${EXAMPLE}); Japanese characters cannot be used.`,
              }
            : {
                ja: `定款に記載のローマ字商号（英文名称）をご入力ください（例: ${EXAMPLE}）。日本語の商号は使えません。`,
                en: `Enter the English name as written in your articles of incorporation (e.g. ${EXAMPLE}); Japanese characters cannot be used.`,
              },
        ),
      );
    }
    if (!isPrintableAscii(v)) {
      const plain = stripDiacritics(v);
      const suggestion = isPrintableAscii(plain) ? plain : EXAMPLE;
      return fail(
        ctx,
        fieldError(`${field}.ascii`, {
          ja: `${label.ja}には半角英数字と記号だけが使えます。定款の表記と同じか確認のうえ、例えば「${echo(suggestion)}」のようにご入力ください。`,
          en: `The ${enLabel(label)} may use plain ASCII letters, digits and punctuation only. Check it against your articles of incorporation and enter it e.g. as "${echo(suggestion)}".`,
        }),
      );
    }
    if (v.length > 64) return fail(ctx, tooLong(field, label, v.length, 64, EXAMPLE));
    if ((v.match(/[A-Za-z0-9]/g) ?? []).length < 2) {
      return fail(
        ctx,
        fieldError(`${field}.tooShort`, {
          ja: `「${echo(v)}」は${label.ja}としては短すぎます。${field === 'dunsName' ? 'DUNSの登録' : '定款のローマ字商号'}どおり、「Co., Ltd.」なども含めた正式な名前をご入力ください（例: ${EXAMPLE}）。`,
          en: `"${echo(v)}" is too short for the ${enLabel(label)}. Enter the full name as ${field === 'dunsName' ? 'registered with DUNS' : 'written in your articles of incorporation'}, including "Co., Ltd." or similar (e.g. ${EXAMPLE}).`,
        }),
      );
    }
    return v;
  });
}
