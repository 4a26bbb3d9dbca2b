import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CA_MAIL_KINDS } from '../../src/flow/facts.js';
import { FLOWS, PROCEDURE, STEP, stepNumber, stepTotal } from '../../src/flow/procedure/flows.js';
import { STEP_IDS, waitQuestionOf } from '../../src/flow/procedure/step.js';
import { questionsFor } from '../../src/flow/questions.js';
import { STEPS, visibleSteps } from '../../src/flow/steps.js';
import { NUDGE_RULES } from '../../src/remind/nudges.js';
import { facts } from '../camail/helpers.js';
import { Conversation, throughCsr } from './helpers.js';

/** Issue 13 item 1: the procedure in one place — one module per step, flows as lists of steps. */
const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/flow/procedure');

describe('the procedure, one module per step', () => {
  it('has one file per step id, and the procedure lists every step once in the CA’s order', () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.ts$/, ''));
    for (const id of STEP_IDS) expect(files, id).toContain(id);
    expect(PROCEDURE.map((s) => s.id)).toEqual([...STEP_IDS]);
  });

  it('a step owns exactly the questions that name it', () => {
    for (const s of PROCEDURE) for (const q of s.questions) expect(q.step, q.id).toBe(s.id);
  });

  it('numbers and totals come from the flow lists', () => {
    expect([stepTotal('acquire'), stepTotal('renew'), stepTotal('reissue')]).toEqual([9, 8, 7]);
    expect(visibleSteps('renew').map((s) => s.id)).toEqual(FLOWS.renew.map((g) => g[0]));
    expect(STEPS.registrant.number).toEqual({ acquire: 4, renew: 3, reissue: 3 });
    expect(STEPS.agreement.number).toEqual({ acquire: 6, renew: 5, reissue: 0 });
    expect(stepNumber('reissue', 'issuance')).toBe(7);
  });

  it('a flow asks no question of a step it does not have', () => {
    expect(questionsFor('reissue').some((q) => q.step === 'agreement')).toBe(false);
    expect(questionsFor('acquire').some((q) => q.step === 'agreement')).toBe(true);
  });

  it('every CA mail kind completes the waiting question of exactly one step', () => {
    for (const kind of CA_MAIL_KINDS) {
      const owners = PROCEDURE.filter((s) => s.caMails?.includes(kind));
      expect(owners.length, kind).toBe(1);
      expect(waitQuestionOf(owners[0]!), kind).toBeDefined();
    }
  });

  it('codes and nudges are read from the steps that own them', () => {
    expect(STEP.verification.consumes).toBe('approvalCode');
    expect(STEP.agreement.consumes).toBe('agreementCode');
    expect(NUDGE_RULES.map((r) => `${r.step}:${r.id}:${r.afterDays}`)).toEqual([
      'verification:approval-mail:2',
      'verification:code-expiry:25',
      'agreement:agreement-code-expiry:25',
      'documents:documents:3',
      'callback:callback:5',
    ]);
  });
});

describe('step numbers in text follow the flow (they were written into the text)', () => {
  it('a CA mail before the review names the renewal’s own step 3, not the acquire flow’s 4', () => {
    const c = new Conversation('renew', 'en');
    throughCsr(c);
    c.send({ type: 'ca-mail', mail: facts({ kind: 'approval-request' }) });
    expect(c.texts()).toContain('has not finished step 3 (');
    expect(c.texts()).not.toContain('step 4');
  });

  it('the I ACCEPT heading carries the flow’s agreement step number', () => {
    for (const [flow, n] of [
      ['acquire', 6],
      ['renew', 5],
    ] as const) {
      const c = new Conversation(flow, 'en');
      throughCsr(c);
      c.say('summary');
      expect(c.texts(), flow).toContain(`page (step ${n})`);
    }
  });
});
