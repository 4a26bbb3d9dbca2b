import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReplies } from '../../src/console/render.js';
import { validateField } from '../../src/flow/fields/index.js';
import { Conversation } from './helpers.js';

/** Issue 14 item 16: the reply's tone is its one icon (every channel adds it); texts carry none. */

const certFixture = (name: string) =>
  readFileSync(new URL(`../fixtures/cert/${name}`, import.meta.url), 'utf8');

function atCsr(): Conversation {
  const c = new Conversation();
  c.say('はい');
  c.say('確認しました');
  c.press('articles');
  c.say('開きました');
  return c;
}

describe('one icon per message', () => {
  it.each([
    ['a CSR warning (OU present)', 'ou-present.csr', 'warning'],
    ['a pasted private key', 'private-key.pem', 'error'],
  ])('%s: the text has no icon of its own, the tone gives it', (_name, file, tone) => {
    const replies = atCsr().say(certFixture(file));
    const toned = replies.filter((r) => r.type === 'text' && r.tone === tone);
    expect(toned.length).toBeGreaterThan(0);
    for (const r of toned) if (r.type === 'text') expect(r.text).not.toMatch(/^[✖⚠✔]/);
    expect(renderReplies(replies, 'ja')).not.toMatch(/[✖⚠✔] [✖⚠✔]/);
  });
});

describe('a title is English, not romaji', () => {
  it('a title in Japanese is asked for in English', () => {
    const r = validateField('title', '社長');
    if (r.ok) throw new Error('expected an error');
    expect(r.error.message.ja).toContain('役職は英語でご入力ください（例: President');
    expect(r.error.message.ja).not.toContain('ローマ字');
    expect(r.error.message.en).toContain('in English');
  });
});
