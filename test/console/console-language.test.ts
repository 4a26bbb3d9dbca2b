import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { renderReplies } from '../../src/console/render.js';
import type { Reply } from '../../src/flow/replies.js';
import { flowFixture, runConsole, REGISTRANT as SHARED_REGISTRANT } from './spawn-console.js';

/** One language and one icon per line in Japanese mode. */

vi.setConfig({ testTimeout: 180_000 });

// The registrant answers, with a title first typed in Japanese (refused: a title is English) then fixed.
const REGISTRANT = [...SHARED_REGISTRANT.slice(0, 3), '社長', ...SHARED_REGISTRANT.slice(3)];

const privateKey = readFileSync(
  new URL('../fixtures/cert/private-key.pem', import.meta.url),
  'utf8',
).trimEnd();

describe('the console in Japanese', () => {
  it('hints in Japanese only, one icon per message, "上の値" under step 6’s values, a title asked in English', () => {
    const { code, out, err } = runConsole(
      [],
      [
        '1',
        'はい',
        'はい',
        '1',
        '1',
        privateKey,
        flowFixture('good.csr'),
        ...REGISTRANT,
        '修正 役職',
        'President',
        '1',
        '1',
      ],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    // Hints in the application's language, naming the command it reads (スキップ).
    expect(out).toContain('(複数行をまとめて貼り付けてください)');
    expect(out).toContain('(任意: 不要なら「スキップ」)');
    expect(out).toContain('(現在の値: President)');
    expect(out).not.toMatch(/current:|optional:|paste the whole block/);
    // One icon: the private-key warning was 「✖ ⚠ …」.
    expect(out).toContain('✖ 貼り付けられたのは秘密鍵');
    expect(out).not.toMatch(/[✖⚠✔] [✖⚠✔]/);
    // A title is English, not romaji.
    expect(out).toContain('役職は英語でご入力ください（例: President、Representative Director）');
    expect(out).not.toContain('役職はローマ字');
    // Step 6: the values, their header once, then the sentence pointing up at them.
    const step6 = out.slice(out.indexOf('== 手順6「I ACCEPT」画面に入力する値 =='));
    expect(step6).toContain('【6/9】');
    expect(step6.match(/手順6「I ACCEPT」画面に入力する値/g)?.length).toBe(1);
    expect(step6.indexOf('Job Title')).toBeLessThan(step6.indexOf('上の値を入力して「I ACCEPT」'));
    expect(out).not.toContain('次の値を入力して');
  });
});

describe('renderReplies', () => {
  const question = (title: string, text: string): Reply => ({
    type: 'question',
    id: 'field.fax',
    step: { id: 'registrant', number: 4, total: 9, title },
    text,
    input: 'text',
    optional: true,
    current: '03-1234-5679',
  });

  it('gives the hints in English for an English application', () => {
    const out = renderReplies(
      [question('Enter the registrant information', 'What is the fax number?')],
      'en',
    );
    expect(out).toContain('(optional: answer "skip")');
    expect(out).toContain('(current: 03-1234-5679)');
    expect(out).not.toMatch(/任意|現在/);
  });

  it('gives the paste hint in the application’s language, whatever the text quotes', () => {
    const confirm: Reply = {
      type: 'question',
      id: 'csr',
      step: { id: 'prepare', number: 0, total: 0, title: '' },
      text: 'CSRを貼り付けてください。',
      input: 'multiline',
    };
    expect(renderReplies([confirm], 'ja')).toContain('(複数行をまとめて貼り付けてください)');
    expect(renderReplies([{ ...confirm, text: 'Paste the CSR. 「確認画面へ進む」' }], 'en')).toContain(
      '(paste the whole block)',
    );
  });

  it('never puts a second icon before a text that has one', () => {
    const out = renderReplies([{ type: 'text', tone: 'warning', text: '⚠ already marked' }], 'en');
    expect(out).toBe('⚠ already marked');
  });
});
