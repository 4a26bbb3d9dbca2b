import { z } from 'zod';
import { countryName, findCountry } from './countries.js';
import { echo, type FieldSchema, fail, fieldError } from './field-error.js';
import { nfkc } from './normalize.js';

/** ISO 3166-1 alpha-2, case-insensitive, or a country's name (`Japan`, `日本`, `JPN`); empty → `JP`. */
export const countryCodeSchema: FieldSchema = z.string().transform((raw, ctx) => {
  const v = nfkc(raw);
  if (v === '') return 'JP';
  const code = findCountry(v);
  if (code) return code;
  const jp = countryName('JP');
  return fail(
    ctx,
    fieldError('countryCode.unknown', {
      ja: `「${echo(v)}」という国コードは見つかりませんでした。ISO 3166-1 の2文字の国コードでご入力ください。日本の場合は「JP」（${jp.ja}）です（例: JP、US）。`,
      en: `"${echo(v)}" is not a country code we know. Enter the two-letter ISO 3166-1 code; for Japan it is "JP" (${jp.en}), e.g. JP or US.`,
    }),
  );
});

/** The country a validator should assume: the context's country (code or name) or Japan. */
export function contextCountry(countryCode: string | undefined): string {
  return (countryCode && findCountry(countryCode)) || 'JP';
}
