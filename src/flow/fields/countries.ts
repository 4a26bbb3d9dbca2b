import type { Choice } from '../types.js';
import { COMMON_COUNTRIES, COUNTRY_ALIASES, ISO_COUNTRY_CODES } from './country-data.js';
import { nfkc } from './normalize.js';

const CODES = new Set(ISO_COUNTRY_CODES);
// Country names come from the CLDR data built into Node's ICU: pure, no I/O.
const NAMES_EN = new Intl.DisplayNames(['en'], { type: 'region' });
const NAMES_JA = new Intl.DisplayNames(['ja'], { type: 'region' });

/** Folds a country name for lookup: NFKC, lowercase, no spaces or punctuation. */
function nameKey(s: string): string {
  return nfkc(s)
    .toLowerCase()
    .replace(/[\s.,'()&-]/g, '');
}

const BY_NAME = new Map<string, string>(Object.entries(COUNTRY_ALIASES));
for (const code of ISO_COUNTRY_CODES) {
  for (const names of [NAMES_EN, NAMES_JA]) {
    const n = names.of(code);
    if (n && n !== code && !BY_NAME.has(nameKey(n))) BY_NAME.set(nameKey(n), code);
  }
}

export function countryName(code: string): { ja: string; en: string } {
  return { ja: NAMES_JA.of(code) ?? code, en: NAMES_EN.of(code) ?? code };
}

/** `jp`, `JP`, `Japan`, `日本`, `JPN` → `JP`; undefined when nothing matches. */
export function findCountry(raw: string): string | undefined {
  const s = nfkc(raw);
  const upper = s.toUpperCase();
  if (CODES.has(upper)) return upper;
  return BY_NAME.get(nameKey(s));
}

/** A useful set for the select menu (Slack allows at most 100 options): JP first, then common ones. */
export function countryChoices(): Choice[] {
  return COMMON_COUNTRIES.map((code) => {
    const n = countryName(code);
    return { value: code, label: { ja: `${n.ja} (${code})`, en: `${n.en} (${code})` } };
  });
}
