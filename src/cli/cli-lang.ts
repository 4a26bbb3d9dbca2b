import type { Lang } from '../flow/types.js';

/** The language of CLI messages: `--lang`, else English (scripts and ops teams read the JSON). */
export function cliLang(flag: string | undefined): Lang {
  return flag === 'ja' ? 'ja' : 'en';
}
