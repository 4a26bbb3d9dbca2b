import { z } from 'zod';
import type { Text } from '../types.js';
import { echo, enLabel, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import {
  asciiDashes,
  collapseSpaces,
  hasJapanese,
  looseKey,
  nfkc,
  offendingChars,
  stripDiacritics,
} from './normalize.js';
import { TITLE_HINTS } from './title-hints.js';

const PERSON_CHAR = /[A-Za-z .,'-]/;
const MAX = 64;

/** NFKC, curly quotes and dashes to ASCII, one space between words. */
export function cleanRomaji(raw: string): string {
  return collapseSpaces(asciiDashes(nfkc(raw)).replace(/[\u2018\u2019\u02BC`]/g, "'"));
}

function quoteChars(chars: string[]): string {
  return chars.map((c) => (c === ' ' ? '(space)' : `"${c}"`)).join(' ');
}

function japaneseTitleHint(v: string): Text {
  const hint = TITLE_HINTS[v.replace(/\s/g, '')];
  if (!hint) return { ja: '', en: '' };
  return {
    ja: `「${echo(v)}」なら例えば「${hint}」です。`,
    en: ` For "${echo(v)}" a usual English title is "${hint}".`,
  };
}

/**
 * Name and title (step 4 "in alphabet"; step 6 reuses both as FirstName/Surname and Job Title).
 * Macrons are folded (`Ōno` → `Ono`); a name needs two words, given name first, and `Yamada, Taro`
 * (the "Surname, Given" convention) is turned round to `Taro Yamada`.
 */
export function personSchema(field: 'name' | 'title', personName?: string): FieldSchema {
  const label = FIELD_LABELS[field];
  const example = field === 'name' ? 'Taro Yamada' : 'President';
  return z.string().transform((raw, ctx) => {
    let v = cleanRomaji(raw);
    if (v === '') return fail(ctx, requiredError(field, label, example));
    if (hasJapanese(v)) {
      const hint = field === 'title' ? japaneseTitleHint(v) : { ja: '', en: '' };
      return fail(
        ctx,
        fieldError(
          `${field}.japanese`,
          field === 'title'
            ? {
                // A title is English (President), not a romanised Japanese one (Shacho).
                ja: `役職は英語でご入力ください（例: President、Representative Director）。${hint.ja}`,
                en: `Type the job title in English, e.g. President or Representative Director.${hint.en}`,
              }
            : {
                ja: `${label.ja}はローマ字（アルファベット）でご入力ください（例: ${example}）。${hint.ja}`,
                en: `Type the ${enLabel(label)} in romaji (the Latin alphabet), e.g. ${example}.${hint.en}`,
              },
        ),
      );
    }
    v = stripDiacritics(v);
    const bad = offendingChars(v, PERSON_CHAR);
    if (bad.length > 0) {
      return fail(
        ctx,
        fieldError(`${field}.characters`, {
          ja: `${label.ja}に使えるのはアルファベット、スペース、「. , ' -」だけです。使えない文字: ${echo(quoteChars(bad))}（例: ${example}）`,
          en: `The ${enLabel(label)} may contain only letters, spaces and . , ' -. Not allowed: ${echo(quoteChars(bad))} (e.g. ${example}).`,
        }),
      );
    }
    if (v.length > MAX) return fail(ctx, tooLong(field, label, v.length, MAX, example));
    if (field === 'title' && (v.match(/[A-Za-z]/g) ?? []).length < 2) {
      return fail(
        ctx,
        fieldError('title.letters', {
          ja: `役職名を英語でご入力ください（例: President、Representative Director）。入力: 「${echo(v)}」`,
          en: `Type the job title in English (e.g. President, Representative Director). You entered "${echo(v)}".`,
        }),
      );
    }
    if (field === 'title' && personName && sameWords(v, personName)) {
      return fail(
        ctx,
        fieldError('title.isName', {
          ja: `「${echo(v)}」は申請責任者の氏名です。ここには役職を英語でご入力ください（例: President、Representative Director）。`,
          en: `"${echo(v)}" is the applicant's name. Type their job title here, in English (e.g. President, Representative Director).`,
        }),
      );
    }
    if (field === 'name') {
      v = familyNameLast(stripHonorifics(v));
      const m = /^([A-Za-z'.-]+)\s*,\s*([^,]+)$/.exec(v);
      if (m) v = `${m[2]} ${m[1]}`;
      if (v.split(' ').filter((w) => /[A-Za-z]/.test(w)).length < 2) {
        return fail(
          ctx,
          fieldError('name.oneWord', {
            ja: `氏名は名・姓の順に、スペースで区切ってご入力ください（例: Taro Yamada）。手順6で名（FirstName）と姓（Surname）に分けて使います。入力: 「${echo(v)}」`,
            en: `Enter both given name and surname, given name first, separated by a space (e.g. Taro Yamada): step 6 asks for FirstName and Surname separately. You entered "${echo(v)}".`,
          }),
        );
      }
    }
    return v;
  });
}

/** The same words in any order and case: `YAMADA Taro` and `Taro Yamada`. */
function sameWords(a: string, b: string): boolean {
  const key = (s: string) => looseKey(s).split(' ').filter(Boolean).sort().join(' ');
  return key(a) !== '' && key(a) === key(b);
}

/** `Mr. Taro Yamada`, `Yamada-san`, `Dr Taro Yamada`: a title of address is not part of the name. */
function stripHonorifics(v: string): string {
  return collapseSpaces(
    v
      .replace(/^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i, '')
      .replace(/[-\s]+(?:san|sama|sensei|dono|kun|chan)\.?$/i, ''),
  );
}

const ALL_CAPS = /^[A-Z][A-Z'-]+$/;

function titleCase(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

/**
 * Japanese names are very often written family name first with the family name in capitals
 * (`YAMADA Taro`): the capitalised word is the family name and goes last (`Taro Yamada`), so step 6's
 * FirstName and Surname come out right. A name all in capitals (or none) keeps its order.
 */
function familyNameLast(v: string): string {
  const words = v.split(' ');
  const caps = words.filter((w) => ALL_CAPS.test(w));
  if (words.length < 2 || caps.length !== 1 || caps.length === words.length) return v;
  const family = caps[0]!;
  const given = words.filter((w) => w !== family);
  return [...given, titleCase(family)].join(' ');
}

export function tooLong(field: string, label: Text, length: number, max: number, example: string) {
  return fieldError(`${field}.tooLong`, {
    ja: `${label.ja}は${max}文字以内でご入力ください（入力は${length}文字）。例: ${example}`,
    en: `The ${enLabel(label)} may be at most ${max} characters (you entered ${length}), e.g. ${example}.`,
  });
}

/** Splits a validated name for step 6: the last word is the Surname, the words before it the FirstName. */
export function splitName(name: string): { firstName: string; surname: string } {
  const words = collapseSpaces(name).split(' ').filter(Boolean);
  const surname = words.pop() ?? '';
  return { firstName: words.join(' '), surname };
}
