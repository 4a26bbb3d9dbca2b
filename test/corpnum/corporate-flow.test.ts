import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { validateCommand } from '../../src/cli/validate.js';
import { readConfig } from '../../src/config/config.js';
import { CorporateRegistry } from '../../src/corpnum/corporate-registry.js';
import { corporateNumberDeps } from '../../src/corpnum/engine-deps.js';
import type { EngineDeps } from '../../src/flow/deps.js';
import { handle, type Outcome, start } from '../../src/flow/engine.js';
import type { Reply } from '../../src/flow/replies.js';
import { createLogger } from '../../src/log/logger.js';
import { TestCa } from '../cert/test-ca.js';
import { fixture, NOW, REGISTRANT } from '../flow/helpers.js';
import { FakeNta, TOYOTA } from './fake-nta.js';

const actor = { channel: 'console' as const, id: 'tester' };
const logger = createLogger({ level: 'silent' });

class Talk {
  outcome: Outcome;
  constructor(readonly deps: EngineDeps) {
    this.outcome = start({ id: 'CN0001', flow: 'acquire', lang: 'en', actor }, { now: NOW, actor, deps });
  }
  say(text: string): Reply[] {
    this.outcome = handle(this.outcome.app, { type: 'text', text }, { now: NOW, actor, deps: this.deps });
    return this.outcome.replies;
  }
  get question() {
    return this.outcome.replies.filter((r) => r.type === 'question').at(-1) as Extract<
      Reply,
      { type: 'question' }
    >;
  }
  text(): string {
    return JSON.stringify(this.outcome.replies);
  }
}

describe('the optional corporate number question (step 1)', () => {
  it('is not asked unless the deployment offers it (off by default)', () => {
    expect(readConfig({}).nta.ask).toBe(false);
    expect(corporateNumberDeps(readConfig({}).nta, logger)).toEqual({});
    const t = new Talk(engineDeps);
    t.say('yes');
    t.say('checked');
    t.say('1');
    expect(t.question.id).toBe('start.done');
    t.say('back');
    expect(t.question.id).toBe('check.articles');
    t.say('edit corporate number');
    expect(t.text()).toMatch(/error/);
  });

  it('CORPORATE_NUMBER=ask asks it after the articles; skip leaves it empty and moves on', () => {
    const deps = {
      ...engineDeps,
      ...corporateNumberDeps(readConfig({ CORPORATE_NUMBER: 'ask' }).nta, logger),
    };
    const t = new Talk(deps);
    t.say('yes');
    t.say('checked');
    t.say('1');
    expect(t.question).toMatchObject({
      id: 'field.corporateNumber',
      field: 'corporateNumber',
      optional: true,
      step: { number: 1 },
    });
    t.say('1180301018772');
    expect(t.text()).toContain('corporateNumber');
    expect(t.outcome.replies.some((r) => r.type === 'text' && r.tone === 'error')).toBe(true);
    expect(t.question.id).toBe('field.corporateNumber');
    t.say('skip');
    expect(t.outcome.app.fields.corporateNumber).toBe('');
    expect(t.question.id).toBe('start.done');
    t.say('back');
    expect(t.question.id).toBe('field.corporateNumber');
    t.say('１－１８０３－０１－０１８７７１');
    expect(t.outcome.app.fields.corporateNumber).toBe('1180301018771');
    expect(t.text()).toContain('1803-01-018771');
    expect(t.question.id).toBe('start.done');
  });

  it('an application started before it was offered is never asked it', () => {
    const t = new Talk(engineDeps);
    const later = { ...engineDeps, offers: { corporateNumber: true } };
    t.outcome = handle(t.outcome.app, { type: 'text', text: 'yes' }, { now: NOW, actor, deps: later });
    expect(t.question.id).toBe('check.dunsDetails');
  });
});

describe('with NTA_APP_ID: the registry beside what the applicant typed (local fake NTA)', () => {
  let nta: FakeNta;
  let registry: CorporateRegistry;
  let deps: EngineDeps;
  beforeEach(async () => {
    nta = new FakeNta([TOYOTA], 'app');
    const apiUrl = await nta.start();
    registry = new CorporateRegistry({
      apiUrl,
      appId: 'app',
      timeoutMs: 2000,
      cacheMs: 30 * 86_400_000,
      logger,
    });
    deps = { ...engineDeps, offers: { corporateNumber: true }, corporateRegistry: (n) => registry.peek(n) };
  });
  afterEach(() => nta.stop());

  function toRegistrant(t: Talk) {
    t.say('yes');
    t.say('checked');
    t.say('1');
    t.say('1180301018771');
    expect(t.text()).toMatch(/Looking up corporate number 1180301018771/);
    t.say('opened');
    t.say(fixture('good.csr'));
  }

  it('shows the NTA notice, suggests the postal code, prefecture and city, and warns on the English name', async () => {
    const t = new Talk(deps);
    toRegistrant(t);
    await registry.settled();
    t.say(REGISTRANT.organizationName);
    t.say(REGISTRANT.duns);
    t.say(REGISTRANT.name);
    t.say(REGISTRANT.title);
    expect(t.question.id).toBe('field.postalCode');
    expect(t.text()).toContain('For reference (NTA registry): 471-8571');
    expect(t.text()).toContain('not guaranteed by the National Tax Agency');
    expect(t.question.choices).toEqual([{ value: '471-8571', label: '471-8571' }]);
    t.say('1');
    expect(t.outcome.app.fields.postalCode).toBe('4718571');
    t.say('JP');
    expect(t.question.id).toBe('field.prefecture');
    expect(t.text()).toContain('Aichi / 愛知県');
    expect(t.question.input).toBe('select');
    t.say('Aichi');
    expect(t.text()).toContain('1, Toyota-cho, Toyota shi / 豊田市');
    for (const v of ['Toyota-shi', '1 Toyota-cho', '0565-28-2121', 'skip', 'taro@example.co.jp', '1'])
      t.say(v);
    t.say(REGISTRANT.organizationName);
    t.say('1 Toyota-cho, Toyota-shi, Aichi 471-8571');
    t.say('0565-28-2121');
    expect(t.question.id).toBe('review');
    const text = t.text();
    expect(text).toContain('National Tax Agency registry (for reference)');
    expect(text).toContain('トヨタ自動車株式会社');
    expect(text).toMatch(/TOYOTA MOTOR CORPORATION\\", differs from the organisation name/);
    expect(text).toContain('EV serialNumber (expected)');
    // Suggestions only: the review is not blocked by the registry.
    expect(t.question.choices?.map((c) => c.value)).toEqual(['submitted']);
    expect(nta.requests).toHaveLength(1);
  });

  it('says so when the registry does not know the number', async () => {
    const t = new Talk(deps);
    t.say('yes');
    t.say('checked');
    t.say('1');
    t.say('5010401067252');
    await registry.settled();
    t.say('summary');
    expect(t.text()).not.toContain('National Tax Agency registry');
    t.say('back');
    t.say('5010401067252');
    expect(t.text()).toContain('was not found');
  });
});

describe('the EV subject serialNumber (会社法人等番号) in the issued certificate', () => {
  const ca = new TestCa();
  beforeAll(() => {
    ca.root('root');
  });
  afterAll(() => ca.dispose());

  function csrWith(name: string, serial?: string): string {
    const key = ca.path(`${name}.key`);
    execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      key,
    ]);
    const subj = `/C=JP/O=Example Trading Co., Ltd./${serial ? `serialNumber=${serial}/` : ''}CN=www.example.co.jp`;
    execFileSync('openssl', [
      'req',
      '-new',
      '-key',
      key,
      '-sha256',
      '-out',
      ca.path(`${name}.csr`),
      '-subj',
      subj,
      '-addext',
      'subjectAltName=DNS:www.example.co.jp',
    ]);
    return `${name}.csr`;
  }

  function issue(serial: string | undefined): Talk {
    const deps = { ...engineDeps, offers: { corporateNumber: true } };
    const t = new Talk(deps);
    const csr = csrWith(`leaf${Math.random().toString(36).slice(2)}`, serial);
    // The application's CSR (what the applicant pasted) and the certificate the CA issues from it.
    const plain = csrWith('plain');
    writeFileSync(ca.path('unused'), plain);
    for (const v of ['yes', 'checked', '1', '1180301018771', 'opened', ca.read(csr)]) t.say(v);
    for (const v of Object.values(REGISTRANT)) t.say(v);
    t.say(REGISTRANT.organizationName);
    t.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    t.say('03-1234-5678');
    for (const v of ['submitted', 'done', 'done', 'done', 'done']) t.say(v);
    expect(t.question.id).toBe('wait.issuance');
    const cert = ca.sign(csr, 'root', new Date('2026-11-20T00:00:00Z'), new Date('2027-06-01T00:00:00Z'));
    t.say(ca.read(cert));
    return t;
  }

  it('matches when the certificate carries the company registration number', () => {
    const t = issue('1803-01-018771');
    expect(t.text()).toContain('matches the company registration number 1803-01-018771');
  });

  it('warns when it carries another number', () => {
    const t = issue('0104-01-067252');
    expect(t.text()).toContain('differs from the company registration number 1803-01-018771');
  });

  it('warns when the subject has no serialNumber', () => {
    const t = issue(undefined);
    expect(t.text()).toContain('has no serialNumber');
  });
});

describe('evssl-bot validate corporateNumber (CLI contract)', () => {
  async function run(args: string[]) {
    const out: string[] = [];
    const code = await validateCommand(args, {
      read: async () => Buffer.alloc(0),
      out: (s) => out.push(s),
      err: () => {},
    });
    return { code, json: JSON.parse(out.join('')) };
  }
  it('prints the number without hyphens as value', async () => {
    expect(await run(['corporateNumber', '1-1803-01-018771'])).toEqual({
      code: 0,
      json: { ok: true, value: '1180301018771' },
    });
  });
  it('exits 1 with a coded error for a bad check digit', async () => {
    const r = await run(['corporateNumber', '9180301018771', '--lang', 'ja']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('corporateNumber.checkDigit');
    expect(r.json.error.message).toMatch(/検査用数字/);
  });
});
