/**
 * Text normalisation shared by the field validators. Applicants type on Japanese IMEs, so input arrives
 * with full-width letters and digits, ideographic spaces and a zoo of dash-like characters.
 */

/** Kana, kanji and Japanese punctuation (after NFKC, half-width kana are already full-width). */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303F\u30FC\uFF5E]/u;

/** Every dash a Japanese or Western keyboard produces, plus the katakana long-vowel mark. */
const ANY_DASH = /[\p{Pd}\u2212\u2012\u02D7\u2043\u30FC\uFF70\uFE63\uFF0D]/gu;

/** The long-vowel mark is only a dash when it does not follow kana (`1ー2ー3`, not `センター`). */
const DASHLIKE_LONG_VOWEL = /(?<![\p{Script=Hiragana}\p{Script=Katakana}])[\u30FC\uFF70]/gu;
const OTHER_DASHES = /[\p{Pd}\u2212\u2012\u02D7\u2043\uFE63\uFF0D]/gu;

export function nfkc(raw: string): string {
  return raw.normalize('NFKC').trim();
}

export function collapseSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function hasJapanese(s: string): boolean {
  return JAPANESE.test(s);
}

/** Removes every dash and whitespace character: for digit strings (DUNS, postal code). */
export function stripDashesAndSpaces(s: string): string {
  return s.replace(ANY_DASH, '').replace(/\s+/g, '');
}

/** Turns dash-like characters into ASCII `-`, leaving a long-vowel mark that belongs to a katakana word. */
export function asciiDashes(s: string): string {
  return s.replace(DASHLIKE_LONG_VOWEL, '-').replace(OTHER_DASHES, '-');
}

/** `Ō` → `O`, `ū` → `u`, `é` → `e`: Hepburn macrons and other Latin diacritics. Run after the Japanese check. */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

export function isPrintableAscii(s: string): boolean {
  return /^[\x20-\x7E]*$/.test(s);
}

/** The characters of `s` that `allowed` rejects, each once, for an error message. */
export function offendingChars(s: string, allowed: RegExp): string[] {
  return [...new Set([...s].filter((c) => !allowed.test(c)))];
}

/** Lowercase letters and digits only, words separated by one space: for loose comparisons. */
export function looseKey(s: string): string {
  return collapseSpaces(
    stripDiacritics(nfkc(s))
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' '),
  );
}
