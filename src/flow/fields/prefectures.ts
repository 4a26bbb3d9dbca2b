import type { Choice } from '../types.js';
import { collapseSpaces, nfkc, stripDiacritics } from './normalize.js';
import { PREFECTURES, type Prefecture, ROMAJI_ALIASES } from './prefecture-data.js';

export type { Prefecture } from './prefecture-data.js';

/**
 * A comparison key for romanised prefecture names: lowercase letters only, with the long vowels that
 * Hepburn writes as a macron and others write as `ou`/`oo`/`oh`/`uu` folded (`Toukyou`, `Oosaka`,
 * `Tōkyō` and `Tokyo` all give `tokyo`).
 */
export function romajiKey(s: string): string {
  return stripDiacritics(nfkc(s))
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/oh(?![aeiouy])/g, 'o')
    .replace(/o[ou]/g, 'o')
    .replace(/uu/g, 'u');
}

const BY_KEY = new Map<string, Prefecture>();
for (const p of PREFECTURES) {
  BY_KEY.set(romajiKey(p.en), p);
  if (p.suffix) BY_KEY.set(romajiKey(p.en) + p.suffix, p);
}
for (const [alias, en] of Object.entries(ROMAJI_ALIASES)) {
  const p = PREFECTURES.find((x) => x.en === en);
  if (p) BY_KEY.set(alias, p);
}

export function prefectureByName(en: string): Prefecture | undefined {
  return PREFECTURES.find((p) => p.en === en);
}

/**
 * Finds the prefecture meant by what was typed: the panel's name in any case, with or without
 * `-to`/`-fu`/`-ken`/`Prefecture`, with macrons or doubled vowels; the kanji name with or without
 * 都/府/県; or the JIS X 0401 code (`13`, `JP-13`).
 */
export function findPrefecture(raw: string): Prefecture | undefined {
  const s = collapseSpaces(nfkc(raw));
  const code = /^(?:JP-?)?(\d{1,2})$/i.exec(s)?.[1];
  if (code !== undefined) return PREFECTURES[Number(code) - 1];
  const ja = s.replace(/\s/g, '');
  const byJa = PREFECTURES.find((p) => p.ja === ja || p.ja.replace(/[都府県]$/, '') === ja);
  if (byJa) return byJa;
  const key = romajiKey(s).replace(/(prefecture|pref)$/, '');
  return BY_KEY.get(key);
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Prefectures whose name is within a typo or two of `raw` (`Tokio`, `Hokaido`), closest first. */
export function suggestPrefectures(raw: string): Prefecture[] {
  const key = romajiKey(raw);
  if (key.length < 2) return [];
  const keys = [key, key.replace(/(prefecture|pref|ken|to|fu)$/, '')];
  const limit = key.length <= 4 ? 1 : 2;
  return PREFECTURES.map((p) => ({ p, d: Math.min(...keys.map((k) => editDistance(k, romajiKey(p.en)))) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.p);
}

/** The panel's prefecture list: 47 choices in code order, value = the English name. */
export function prefectureChoices(): Choice[] {
  return PREFECTURES.map((p) => ({ value: p.en, label: { ja: p.ja, en: p.en } }));
}
