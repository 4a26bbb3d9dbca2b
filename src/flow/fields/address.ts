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

/**
 * City, street address and the DUNS address line, in romaji ("アルファベットで", step 4). A Japanese
 * city gets the usual spelling of its suffix (`chiyoda ku` → `Chiyoda-ku`).
 */
export function addressSchema(field: AddressField, country = 'JP'): FieldSchema {
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
    if (field === 'city' && !/[A-Za-z]/.test(plain)) {
      return fail(
        ctx,
        /^\d{3}-?\d{4}$/.test(plain)
          ? fieldError('city.postalCode', {
              ja: `「${echo(plain)}」は郵便番号のようです。郵便番号は別の項目で伺います。ここには市区町村名をアルファベットでご入力ください（例: ${example}）。`,
              en: `"${echo(plain)}" looks like a postal code, which is a field of its own. Type the city, ward or town name here in the Latin alphabet (e.g. ${example}).`,
            })
          : fieldError('city.letters', {
              ja: `市区町村名をアルファベットでご入力ください（例: ${example}）。入力: 「${echo(plain)}」`,
              en: `Type the name of the city, ward or town in the Latin alphabet (e.g. ${example}). You entered "${echo(plain)}".`,
            }),
      );
    }
    if (field === 'address' && !/[A-Za-z]/.test(plain)) {
      return fail(
        ctx,
        fieldError('address.noStreet', {
          ja: `住所に町名（丸の内など）がありません。入力: 「${echo(plain)}」。市区町村より後の町名と丁目・番地・号を、例えば「${example}」のようにご入力ください。`,
          en: `The street address has no town or street name (such as Marunouchi): you entered "${echo(plain)}". Type everything after the city, e.g. "${example}".`,
        }),
      );
    }
    return field === 'city' && country === 'JP' ? normalizeCity(plain) : plain;
  });
}

/** The romanised suffixes of Japanese municipalities and wards: 区, 市, 町 (cho/machi), 郡, 村 (mura/son). */
const SUFFIX = '(ku|shi|cho|machi|gun|mura|son)';
const LOOSE_SUFFIX = new RegExp(`^${SUFFIX}([,.]?)$`, 'i');
const HYPHEN_SUFFIX = new RegExp(`^(.+)-${SUFFIX}([,.]?)$`, 'i');

/** `chiyoda` or `CHIYODA` → `Chiyoda`; a word in mixed case (`McKinney`) is kept. */
function capitalise(word: string): string {
  return /^[a-z']+$/.test(word) || /^[A-Z']+$/.test(word)
    ? word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
    : word;
}

/**
 * A Japanese city as the panel and the DUNS record write it: `chiyoda ku`, `chiyoda-ku` and `CHIYODA KU`
 * all become `Chiyoda-ku` (likewise -shi, -cho, -machi, -gun, -mura, -son). A city without such a
 * suffix (`Kyoto`, `New York`) is kept as typed.
 */
export function normalizeCity(city: string): string {
  const out: string[] = [];
  let japanese = false;
  for (const word of city.split(' ')) {
    const loose = LOOSE_SUFFIX.exec(word);
    const prev = out.length > 0 ? out[out.length - 1]! : '';
    if (loose && /[A-Za-z]$/.test(prev)) {
      out[out.length - 1] = `${prev}-${loose[1]!.toLowerCase()}${loose[2]}`;
      japanese = true;
      continue;
    }
    const hyphen = HYPHEN_SUFFIX.exec(word);
    if (hyphen && /[A-Za-z]$/.test(hyphen[1]!)) {
      out.push(`${hyphen[1]}-${hyphen[2]!.toLowerCase()}${hyphen[3]}`);
      japanese = true;
      continue;
    }
    out.push(word);
  }
  if (!japanese) return city;
  return out
    .map((word) => {
      const m = HYPHEN_SUFFIX.exec(word);
      const name = m ? m[1]! : word;
      const rest = m ? word.slice(name.length) : '';
      return name.split('-').map(capitalise).join('-') + rest;
    })
    .join(' ');
}
