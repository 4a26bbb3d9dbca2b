import type { Lang, Text } from './types.js';

/**
 * The engine's message catalogue mechanism: every text the bot says is a `Message` in a table of one
 * area (`catalogue('engine', {...})`), with an id (`engine.saved`) and both languages (the type forces
 * both). `fill` is the one formatter (`{name}` placeholders); replies made with `tell` (turn.ts) carry
 * the id and the parameters, so tests can assert what was said without matching its wording.
 */
export interface Message extends Text {
  readonly id: string;
}

type Table = Record<string, Text | Record<string, Text>>;
type Catalogued<T extends Table> = {
  readonly [K in keyof T]: T[K] extends Text ? Message : { readonly [S in keyof T[K]]: Message };
};

const isText = (v: unknown): v is Text =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Text).ja === 'string' &&
  typeof (v as Text).en === 'string';

/** Every catalogued id (unique: a second table reusing an id is a programming error). */
const IDS = new Map<string, Text>();

function register(id: string, text: Text): Message {
  if (IDS.has(id)) throw new Error(`message id ${id} defined twice`);
  const m = { id, ja: text.ja, en: text.en };
  IDS.set(id, m);
  return m;
}

/** Gives each text of an area's table its id: `area.key` (`area.key.sub` one level down). */
export function catalogue<const T extends Table>(area: string, table: T): Catalogued<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    if (isText(value)) out[key] = register(`${area}.${key}`, value);
    else
      out[key] = Object.fromEntries(
        Object.entries(value).map(([sub, text]) => [sub, register(`${area}.${key}.${sub}`, text)]),
      );
  }
  return out as Catalogued<T>;
}

/** Every message catalogued so far, by id (the catalogue test checks placeholders and languages). */
export function catalogued(): ReadonlyMap<string, Text> {
  return IDS;
}

export function t(text: Text, lang: Lang): string {
  return text[lang];
}

/** The one formatter: a text in one language with its `{name}` placeholders filled. */
export function fill(text: Text, lang: Lang, vars: Record<string, string | number>): string {
  return t(text, lang).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** What a reply made from a catalogued message says it was: its id and the values filled in. */
export interface MessageRef {
  id: string;
  params?: Record<string, string | number>;
}
