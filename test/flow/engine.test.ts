import { describe, expect, it } from 'vitest';
import { handle } from '../../src/flow/engine.js';
import { Conversation, ctx, fixture, REGISTRANT, throughCsr } from './helpers.js';

function fillRegistrant(c: Conversation, overrides: Partial<typeof REGISTRANT> = {}) {
  for (const value of Object.values({ ...REGISTRANT, ...overrides })) c.say(value);
}

describe('the acquire flow, step by step', () => {
  it('starts at step 1 with the DUNS question and a welcome naming the reference', () => {
    const c = new Conversation();
    expect(c.texts()).toContain('ABC123');
    expect(c.question).toMatchObject({ id: 'check.duns', step: { number: 1, total: 9 }, input: 'choice' });
    expect(c.outcome.effects).toContainEqual({ type: 'step-entered', step: 'prepare' });
  });

  it('explains how to get a DUNS number and stays on the item when the answer is no', () => {
    const c = new Conversation();
    c.say('いいえ');
    expect(c.texts()).toContain('東京商工リサーチ');
    expect(c.question.id).toBe('check.duns');
    expect(c.app.answers['check.duns']).toBeUndefined();
  });

  it('explains how to amend the articles when they lack the romanised name', () => {
    const c = new Conversation();
    c.say('はい');
    c.say('確認しました');
    c.say('3');
    expect(c.texts()).toMatch(/公証人/);
    expect(c.texts()).toMatch(/代表取締役/);
    expect(c.question.id).toBe('check.articles');
    c.say('2');
    expect(c.app.answers['check.articles']).toBe('opinion');
    expect(c.question).toMatchObject({ id: 'start.done', step: { number: 2 } });
  });

  it('accepts a CSR pasted in a code block with CRLF and asks for the organisation name next', () => {
    const c = new Conversation();
    c.say('はい');
    c.say('確認しました');
    c.press('articles');
    c.say('開きました');
    expect(c.question).toMatchObject({ id: 'csr', step: { number: 3 }, input: 'multiline' });
    c.say(`\`\`\`\r\n${fixture('good.csr').replace(/\n/g, '\r\n')}\`\`\``);
    expect(c.app.csr?.domain).toBe('www.example.co.jp');
    expect(c.question).toMatchObject({ id: 'field.organizationName', step: { number: 4 } });
  });

  it('refuses a 1024-bit CSR with the reason and stays on the CSR step', () => {
    const c = new Conversation();
    c.say('はい');
    c.say('確認しました');
    c.press('articles');
    c.say('開きました');
    c.say(fixture('weak.csr'));
    expect(c.app.csr).toBeUndefined();
    expect(c.question.id).toBe('csr');
    expect(c.outcome.replies.some((r) => r.type === 'text' && r.tone === 'error')).toBe(true);
  });

  it('never stores or echoes a pasted private key', () => {
    const c = new Conversation();
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\n-----END PRIVATE KEY-----';
    c.say(key);
    expect(JSON.stringify(c.outcome)).not.toContain('MIIEvQIBADAN');
    expect(c.texts()).toContain('漏洩');
  });

  it('collects every registrant field, normalised, and offers the approval addresses from the CSR', () => {
    const c = new Conversation();
    throughCsr(c);
    for (const [field, value] of Object.entries(REGISTRANT)) {
      expect(c.question.id).toBe(`field.${field}`);
      if (field === 'approvalEmail') expect(c.question.choices?.[0]?.value).toBe('admin@www.example.co.jp');
      if (field === 'prefecture') expect(c.question.choices).toHaveLength(47);
      c.say(value);
    }
    expect(c.app.fields).toMatchObject({
      duns: '123456789',
      postalCode: '1000001',
      prefecture: 'Tokyo',
      phone: '+81312345678',
      fax: '',
      approvalEmail: 'admin@www.example.co.jp',
    });
    expect(c.question.id).toBe('field.dunsName');
  });

  it('says exactly what is wrong with a bad answer, in the user’s language, and keeps the question', () => {
    const c = new Conversation('acquire', 'en');
    throughCsr(c);
    c.say('株式会社サンプル');
    expect(c.outcome.replies.find((r) => r.type === 'text' && r.tone === 'error')).toBeDefined();
    expect(c.texts()).toMatch(/English name/i);
    expect(c.question.id).toBe('field.organizationName');
  });

  it('blocks submission on a DUNS mismatch until fixed or acknowledged', () => {
    const c = new Conversation();
    throughCsr(c);
    fillRegistrant(c);
    c.say('Example Trading Company Limited');
    c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    c.say('03-1234-5678');
    expect(c.question.id).toBe('review');
    expect(c.question.choices?.map((ch) => ch.value)).toEqual(['acknowledge']);
    expect(c.texts()).toContain('Example Trading Company Limited');
    c.say('パネルで申請しました');
    expect(c.question.id).toBe('review');
    c.say('修正 dunsName');
    expect(c.question.id).toBe('field.dunsName');
    c.say('Example Trading Co.,Ltd.');
    expect(c.question.id).toBe('review');
    expect(c.question.choices?.map((ch) => ch.value)).toEqual(['submitted']);
    c.say('1');
    expect(c.question).toMatchObject({ id: 'wait.verification', step: { number: 5 } });
  });

  it('lets the user confirm the DUNS record will be corrected', () => {
    const c = new Conversation();
    throughCsr(c);
    fillRegistrant(c);
    c.say('Example Trading Co., Ltd.');
    c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    c.say('03-9999-9999');
    c.press('acknowledge');
    expect(c.app.dunsMismatchAcknowledged).toBe(true);
    expect(c.question.choices?.map((ch) => ch.value)).toEqual(['submitted']);
  });

  it('walks the waiting steps to issuance and shows the step-6 values', () => {
    const c = new Conversation();
    throughCsr(c);
    fillRegistrant(c);
    c.say('Example Trading Co., Ltd.');
    c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    c.say('03-1234-5678');
    c.press('submitted');
    c.say('完了');
    expect(c.question).toMatchObject({ id: 'wait.agreement', step: { number: 6 } });
    const summary = c.outcome.replies.find((r) => r.type === 'summary');
    expect(summary && summary.type === 'summary' ? summary.sections[0]?.rows : []).toEqual([
      { label: 'FirstName', value: 'Taro' },
      { label: 'Surname', value: 'Yamada' },
      { label: 'Contact Phone No', value: '03-1234-5678' },
      { label: 'Job Title', value: 'President' },
    ]);
    c.say('done');
    expect(c.question.id).toBe('wait.documents');
    expect(c.texts()).toContain('evdocs@cloudsecure.co.jp');
    c.say('送信しました');
    expect(c.question.id).toBe('wait.callback');
    c.say('完了');
    expect(c.question).toMatchObject({ id: 'wait.issuance', step: { number: 9 } });
    c.say('発行された');
    expect(c.app.status).toBe('issued');
    expect(c.outcome.effects).toContainEqual({ type: 'application-closed', status: 'issued' });
  });
});

describe('the renew flow', () => {
  it('has 8 steps, no DUNS details item and no DUNS record questions', () => {
    const c = new Conversation('renew');
    expect(c.question).toMatchObject({ id: 'check.duns', step: { total: 8 } });
    c.say('はい');
    expect(c.question.id).toBe('check.articles');
    c.press('articles');
    c.say('開きました');
    c.say(fixture('good.csr'));
    expect(c.question).toMatchObject({ id: 'field.organizationName', step: { number: 3 } });
    fillRegistrant(c);
    expect(c.question.id).toBe('review');
    c.press('submitted');
    expect(c.question).toMatchObject({ id: 'wait.verification', step: { number: 4 } });
  });
});

describe('intents', () => {
  it('help lists the commands and asks the question again', () => {
    const c = new Conversation();
    c.say('ヘルプ');
    expect(c.texts()).toContain('修正 項目名');
    expect(c.question.id).toBe('check.duns');
  });

  it('back revisits the previous question and then returns to where the user was', () => {
    const c = new Conversation();
    throughCsr(c);
    c.say(REGISTRANT.organizationName);
    c.say(REGISTRANT.duns);
    c.say('back');
    expect(c.question).toMatchObject({ id: 'field.duns', current: '123456789' });
    c.say('戻る');
    expect(c.question.id).toBe('field.organizationName');
    c.say('Example Trading Co., Ltd.');
    expect(c.question.id).toBe('field.name');
  });

  it('back after editing a field not reached yet returns to where the user was', () => {
    const c = new Conversation();
    c.say('はい');
    c.say('はい');
    c.press('articles');
    c.say('開きました');
    expect(c.question.id).toBe('csr');
    c.say('修正 電話番号');
    expect(c.question.id).toBe('field.phone');
    c.say('戻る');
    expect(c.question.id).toBe('csr');
    // Answered instead, the early field is kept and the user is back at the CSR too.
    c.say('修正 電話番号');
    c.say('03-1234-5678');
    expect(c.app.fields.phone).toBe('+81312345678');
    expect(c.question.id).toBe('csr');
  });

  it('back at the very first question says so', () => {
    const c = new Conversation('acquire', 'en');
    c.say('back');
    expect(c.texts()).toContain('first question');
  });

  it('edit FIELD by name, Japanese label or panel number, then resumes', () => {
    const c = new Conversation();
    throughCsr(c);
    fillRegistrant(c);
    c.say('電話番号を修正');
    expect(c.question).toMatchObject({ id: 'field.phone', current: '03-1234-5678' });
    c.say('06-1111-2222');
    expect(c.app.fields.phone).toBe('+81611112222');
    expect(c.question.id).toBe('field.dunsName');
    c.say('edit 2');
    expect(c.question.id).toBe('field.duns');
    c.say('edit nothing-like-this');
    expect(c.texts()).toContain('nothing-like-this');
  });

  it('skip works on fax only', () => {
    const c = new Conversation();
    throughCsr(c);
    c.say('skip');
    expect(c.question.id).toBe('field.organizationName');
    expect(c.texts()).toContain('必須');
  });

  it('status shows the checklist with the current step', () => {
    const c = new Conversation();
    throughCsr(c);
    c.say('状況');
    const list = c.outcome.replies.find((r) => r.type === 'checklist');
    expect(list?.type === 'checklist' && list.items.map((i) => [i.done, i.current ?? false])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });

  it('summary lists the panel fields in order with step-6 values', () => {
    const c = new Conversation('acquire', 'en');
    throughCsr(c);
    fillRegistrant(c);
    c.say('summary');
    const s = c.outcome.replies.find((r) => r.type === 'summary');
    if (s?.type !== 'summary') throw new Error('no summary');
    const panel = s.sections.find((x) => x.rows.some((r) => r.field === 'duns'))!;
    expect(panel.rows.map((r) => r.field)).toEqual([
      'organizationName',
      'duns',
      'name',
      'title',
      'postalCode',
      'countryCode',
      'prefecture',
      'city',
      'address',
      'phone',
      'fax',
      'email',
      'approvalEmail',
    ]);
    expect(s.sections.at(-1)?.rows.map((r) => r.label)).toEqual([
      'FirstName',
      'Surname',
      'Contact Phone No',
      'Job Title',
    ]);
  });

  it('cancel asks to confirm; no keeps the application, yes closes it', () => {
    const c = new Conversation();
    c.say('キャンセル');
    expect(c.question.id).toBe('confirm.cancel');
    c.say('いいえ');
    expect(c.app.status).toBe('active');
    expect(c.question.id).toBe('check.duns');
    c.say('cancel');
    c.say('maybe');
    expect(c.question.id).toBe('confirm.cancel');
    c.press('yes');
    expect(c.app.status).toBe('cancelled');
    c.say('はい');
    expect(c.texts()).toContain('キャンセル');
  });

  it('restart clears everything after confirmation', () => {
    const c = new Conversation();
    throughCsr(c);
    c.say('最初から');
    c.say('はい');
    expect(c.app.csr).toBeUndefined();
    expect(c.app.answers).toEqual({});
    expect(c.question.id).toBe('check.duns');
  });

  it('switches language and re-asks in it', () => {
    const c = new Conversation();
    c.say('English');
    expect(c.app.lang).toBe('en');
    expect(c.question.text).toMatch(/D-U-N-S number/);
    c.say('日本語');
    expect(c.question.text).toMatch(/ダンズ/);
  });

  it('matches free text at a choice step to the choices, or re-prompts', () => {
    const c = new Conversation('acquire', 'en');
    c.say('yes, we have one');
    expect(c.question.id).toBe('check.dunsDetails');
    c.say('banana');
    expect(c.question.id).toBe('check.dunsDetails');
    expect(c.texts()).toMatch(/pick one/);
  });

  it('applies a valid form at once and refuses an invalid one field by field, applying nothing', () => {
    const c = new Conversation();
    throughCsr(c);
    c.send({ type: 'form', values: { organizationName: '株式会社', duns: '123', phone: '03-1234-5678' } });
    const errs = c.outcome.replies.find((r) => r.type === 'form-errors');
    expect(errs?.type === 'form-errors' && Object.keys(errs.errors).sort()).toEqual([
      'duns',
      'organizationName',
    ]);
    expect(c.app.fields).toEqual({});
    c.send({ type: 'form', values: { organizationName: 'Example Trading Co., Ltd.', duns: '123456789' } });
    expect(c.app.fields).toMatchObject({ organizationName: 'Example Trading Co., Ltd.', duns: '123456789' });
    expect(c.question.id).toBe('field.name');
  });

  it('does not mutate the application it was given', () => {
    const c = new Conversation();
    const before = structuredClone(c.app);
    handle(c.app, { type: 'text', text: 'はい' }, ctx);
    expect(c.app).toEqual(before);
  });
});

describe('changing answers later', () => {
  it('takes a foreign postal code before the country, and re-asks what the country makes invalid', () => {
    const c = new Conversation('acquire', 'en');
    throughCsr(c);
    for (const v of ['Example Trading Co., Ltd.', '123456789', 'Taro Yamada', 'President']) c.say(v);
    c.say('SW1A 1AA');
    expect(c.app.fields.postalCode).toBe('SW1A 1AA');
    c.say('GB');
    expect(c.app.fields.postalCode).toBe('SW1A 1AA');
    c.say('London');
    expect(c.app.fields.prefecture).toBe('London');
    c.say('edit countryCode');
    c.say('JP');
    expect(c.texts()).toMatch(/country changed/);
    expect(c.app.fields.postalCode).toBeUndefined();
    expect(c.app.fields.prefecture).toBeUndefined();
    expect(c.question.id).toBe('field.postalCode');
    c.say('100-0001');
    expect(c.question.id).toBe('field.prefecture');
  });

  it('re-asks a Japanese-looking postal code when the country turns out to be Japan and it is not 7 digits', () => {
    const c = new Conversation('acquire', 'en');
    throughCsr(c);
    for (const v of ['Example Trading Co., Ltd.', '123456789', 'Taro Yamada', 'President', '12345']) c.say(v);
    c.say('JP');
    expect(c.app.fields.postalCode).toBeUndefined();
    expect(c.question.id).toBe('field.postalCode');
  });

  it('warns that a change after submitting in the panel does not reach the application', () => {
    const c = new Conversation();
    throughCsr(c);
    for (const v of Object.values(REGISTRANT)) c.say(v);
    c.say('Example Trading Co., Ltd.');
    c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    c.say('03-1234-5678');
    c.press('submitted');
    c.say('修正 役職');
    c.say('CEO');
    expect(c.app.fields.title).toBe('CEO');
    expect(c.texts()).toContain('申請済み');
    expect(c.question.id).toBe('wait.verification');
  });
});
