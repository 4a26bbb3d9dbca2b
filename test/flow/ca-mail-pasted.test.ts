import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/flow/replies.js';
import type { FlowKind, Lang } from '../../src/flow/types.js';
import { atReview } from '../camail/helpers.js';
import type { Conversation } from './helpers.js';

/** Sectigo's agreement mail pasted while the application waits at step 5. */

const AGREEMENT = readFileSync(
  new URL('../fixtures/camail/sectigo-agreement-plain.eml', import.meta.url),
  'utf8',
)
  .replace(/\r\n/g, '\n')
  .split('\n\n')
  .slice(1)
  .join('\n\n');

function submitted(flow: FlowKind, lang: Lang): Conversation {
  const c = atReview(flow, lang);
  c.say('submitted');
  return c;
}

const questionOf = (replies: Reply[]) =>
  [...replies].reverse().find((r): r is Extract<Reply, { type: 'question' }> => r.type === 'question');

describe('an agreement mail pasted at step 5 (online verification, acquire)', () => {
  it.each(['ja', 'en'] as const)('lists the values to enter and offers to mark step 5 done (%s)', (lang) => {
    const c = submitted('acquire', lang);
    expect(c.question.id).toBe('wait.verification');
    const replies = c.say(AGREEMENT);
    // The values the agreement page asks for: the code from the mail and the applicant's I ACCEPT values.
    const summary = replies.find((r) => r.type === 'summary');
    expect(summary?.type === 'summary' && summary.sections[0]!.rows).toEqual([
      { label: 'FirstName', value: 'Taro' },
      { label: 'Surname', value: 'Yamada' },
      { label: 'Contact Phone No', value: '03-1234-5678' },
      { label: 'Job Title', value: 'President' },
    ]);
    expect(c.texts()).toContain('aB3dE5gH7jK9mN');
    // The values come after the sentence that points at them.
    const pointer = replies.findIndex((r) => r.type === 'text' && /下の値|values below/.test(r.text));
    expect(pointer).toBeGreaterThanOrEqual(0);
    expect(pointer).toBeLessThan(replies.indexOf(summary!));
    // Nothing advanced by a paste: the offer is step 5's own "done", named as such.
    expect(c.app.answers['wait.verification']).toBeUndefined();
    const q = questionOf(replies)!;
    expect(q.id).toBe('wait.verification');
    expect(q.text).toContain(lang === 'ja' ? '手順5を完了' : 'mark step 5 done');
    expect(q.choices).toEqual([
      { value: 'done', label: lang === 'ja' ? '手順5を完了にする' : 'Mark step 5 done' },
    ]);
    c.say('1');
    expect(c.app.answers['wait.verification']).toBeDefined();
    expect(c.question.id).toBe('wait.agreement');
  });
});

describe('an agreement mail pasted at its own step', () => {
  it('renew step 5: the values are shown once, after the pointer, and "done" is offered', () => {
    const c = submitted('renew', 'ja');
    c.say('完了');
    expect(c.question).toMatchObject({ id: 'wait.agreement', step: { number: 5 } });
    const replies = c.say(AGREEMENT);
    expect(replies.filter((r) => r.type === 'summary')).toHaveLength(1);
    const q = questionOf(replies)!;
    expect(q.id).toBe('wait.agreement');
    expect(q.choices?.map((ch) => ch.value)).toEqual(['done']);
    expect(c.app.answers['wait.agreement']).toBeUndefined();
  });
});
