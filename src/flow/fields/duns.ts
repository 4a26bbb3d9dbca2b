import { z } from 'zod';
import { echo, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { nfkc, stripDashesAndSpaces } from './normalize.js';

/**
 * A D-U-N-S number: 9 digits, kept as a string (it may start with 0). No checksum: D&B stopped issuing
 * numbers with a check digit around 2006, so a modulus test would reject real numbers.
 */
export const dunsSchema: FieldSchema = z.string().transform((raw, ctx) => {
  const v = stripDashesAndSpaces(nfkc(raw));
  if (v === '') return fail(ctx, requiredError('duns', FIELD_LABELS.duns, '123456789'));
  if (!/^\d+$/.test(v)) {
    return fail(
      ctx,
      fieldError('duns.digits', {
        ja: `DUNSナンバーは数字9桁です。数字以外の文字は入れずにご入力ください（例: 123456789）。入力: 「${echo(raw)}」`,
        en: `A DUNS number is 9 digits; enter digits only (e.g. 123456789). You entered "${echo(raw)}".`,
      }),
    );
  }
  if (v.length !== 9) {
    return fail(
      ctx,
      fieldError('duns.length', {
        ja: `DUNSナンバーは9桁ですが、${v.length}桁が入力されました。桁の抜けや重複がないかご確認ください（例: 123456789）。`,
        en: `A DUNS number has 9 digits, but ${v.length} were given. Check for a missing or extra digit (e.g. 123456789).`,
      }),
    );
  }
  if (/^0+$/.test(v)) {
    return fail(
      ctx,
      fieldError('duns.placeholder', {
        ja: '「000000000」は実在するDUNSナンバーではありません。東京商工リサーチ（TSR）から通知された9桁の番号をご入力ください（例: 123456789）。',
        en: '"000000000" is not a real DUNS number. Enter the 9-digit number D&B (in Japan, Tokyo Shoko Research) issued to your organisation (e.g. 123456789).',
      }),
    );
  }
  return v;
});
