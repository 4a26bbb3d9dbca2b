import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14 item 16 (mixed register): every Japanese sentence the bot says ends politely (です・ます・
 * ください), so a reply never switches between 丁寧語 and plain form. A sentence is text up to 「。」
 * outside parentheses; the NTA's prescribed notice (its wording is fixed by the terms of use) is exempt.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const POLITE = /(ください|ます|ません|です|でした|ました|ましょう|こんにちは)$/;

/** The sentence endings of one line, skipping what sits inside （…） or (…). */
function sentenceEnds(line: string): string[] {
  const ends: string[] = [];
  let depth = 0;
  let sentence = '';
  for (const ch of line) {
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (ch === '。' && depth === 0) {
      ends.push(sentence);
      sentence = '';
    } else sentence += ch;
  }
  return ends.map(withoutAsides);
}

/** A sentence without its parenthesised asides: `…表示します（現在の手順）` is judged by `…表示します`. */
function withoutAsides(s: string): string {
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out.trimEnd();
}

describe('Japanese replies keep one register', () => {
  it('finds a plain-form sentence (the check itself works)', () => {
    const bad = sentenceEnds("ja: '郵便番号を入力する。次へ進みます。'").filter((s) => !POLITE.test(s));
    expect(bad).toEqual(["ja: '郵便番号を入力する"]);
  });

  it('every sentence in src/ ends in です・ます・ください', () => {
    const offenders: string[] = [];
    for (const file of files(join(root, 'src'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        if (/^\s*(\/\/|\*|\/\*)/.test(line) || line.includes('国税庁法人番号システムのWeb-API')) continue;
        for (const s of sentenceEnds(line)) {
          if (!/[ぁ-ん]/.test(s.slice(-2))) continue; // ends in kanji, a value or a placeholder: not a verb
          if (!POLITE.test(s)) offenders.push(`${relative(root, file)}:${i + 1}: …${s.slice(-12)}。`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
