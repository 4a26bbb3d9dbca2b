import { z } from 'zod';
import { echo, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { collapseSpaces, isPrintableAscii, nfkc, stripDiacritics } from './normalize.js';
import { findPrefecture, suggestPrefectures } from './prefectures.js';
import { tooLong } from './romaji.js';

/**
 * Japan: one of the panel's 47 (stored as the panel's English name, e.g. `Tokyo`), found from what was
 * typed; near misses get "Did you mean ...?". Elsewhere: a state or province in printable ASCII.
 */
export function prefectureSchema(country: string): FieldSchema {
  const label = FIELD_LABELS.prefecture;
  return z.string().transform((raw, ctx) => {
    const typed = collapseSpaces(nfkc(raw));
    if (country !== 'JP') {
      const v = stripDiacritics(typed);
      if (v === '') return fail(ctx, requiredError('prefecture', label, 'California'));
      if (!isPrintableAscii(v)) {
        return fail(
          ctx,
          fieldError('prefecture.ascii', {
            ja: '州・県などの名前をアルファベットでご入力ください（例: California）。',
            en: 'Type the state, province or region in the Latin alphabet (e.g. California).',
          }),
        );
      }
      if (v.length > 64) return fail(ctx, tooLong('prefecture', label, v.length, 64, 'California'));
      return v;
    }
    if (typed === '') return fail(ctx, requiredError('prefecture', label, 'Tokyo'));
    const found = findPrefecture(typed);
    if (found) return found.en;
    const suggestions = suggestPrefectures(typed).slice(0, 3);
    if (suggestions.length > 0) {
      const ja = suggestions.map((p) => `${p.en}（${p.ja}）`).join('、');
      const en = suggestions.map((p) => p.en).join(' or ');
      return fail(
        ctx,
        fieldError('prefecture.unknown', {
          ja: `「${echo(typed)}」という都道府県は見つかりませんでした。${ja} のことでしょうか？（例: Tokyo、東京都、13）`,
          en: `There is no prefecture "${echo(typed)}". Did you mean ${en}? (e.g. Tokyo, 東京都 or 13)`,
        }),
      );
    }
    return fail(
      ctx,
      fieldError('prefecture.unknown', {
        ja: `「${echo(typed)}」という都道府県は見つかりませんでした。一覧から選ぶか、都道府県名または都道府県コードでご入力ください（例: Tokyo、東京都、13）。`,
        en: `There is no prefecture "${echo(typed)}". Choose one from the list, or type its name or code (e.g. Tokyo, 東京都 or 13).`,
      }),
    );
  });
}
