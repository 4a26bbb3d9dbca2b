import { t } from '../catalogue.js';
import type { FieldName, Lang } from '../types.js';
import { words } from '../words.js';
import { formatPhone } from './phone.js';
import { prefectureByName } from './prefectures.js';

/** A stored (normalised) value as the applicant should read it: `03-1234-5678`, `Tokyo (東京都)`. */
export function displayValue(name: FieldName, value: string, lang: Lang): string {
  switch (name) {
    case 'fax':
      if (value === '') return t(words.none, lang);
      return formatPhone(value);
    case 'phone':
    case 'dunsPhone':
      return formatPhone(value);
    case 'prefecture': {
      const p = prefectureByName(value);
      return p && lang === 'ja' ? `${p.en} (${p.ja})` : value;
    }
    default:
      return value;
  }
}
