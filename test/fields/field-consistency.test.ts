import { describe, expect, it } from 'vitest';
import { validateField } from '../../src/flow/fields/index.js';
import type { FieldContext, FieldName } from '../../src/flow/types.js';
import { Conversation, REGISTRANT, throughCsr } from '../flow/helpers.js';

/** Issue 14 item 11: values that pass the format rules but cannot be right. */

type Case = [field: FieldName, raw: string, code: string, ctx?: FieldContext];

const REFUSED: Case[] = [
  ['duns', '000000000', 'duns.placeholder'],
  ['duns', '000-000-000', 'duns.placeholder'],
  ['postalCode', '0000000', 'postalCode.placeholder'],
  ['postalCode', '000-0000', 'postalCode.placeholder'],
  ['city', '100-0005', 'city.postalCode'],
  ['city', '1000005', 'city.postalCode'],
  ['city', '-', 'city.letters'],
  ['address', '1', 'address.noStreet'],
  ['address', '1-2-3', 'address.noStreet'],
  ['organizationName', 'E', 'organizationName.tooShort'],
  ['organizationName', 'E.', 'organizationName.tooShort'],
  ['dunsName', 'E', 'dunsName.tooShort'],
  ['title', '-', 'title.letters'],
  ['title', '.', 'title.letters'],
  ['title', 'Taro Yamada', 'title.isName', { personName: 'Taro Yamada' }],
  ['title', 'YAMADA Taro', 'title.isName', { personName: 'Taro Yamada' }],
];

describe('validateField refuses values that cannot be right', () => {
  it.each(REFUSED)('%s %j → %s', (field, raw, code, ctx) => {
    const r = validateField(field, raw, ctx);
    expect(r.ok ? 'accepted' : r.error.code).toBe(code);
    if (!r.ok) {
      expect(r.error.message.ja).toContain('例');
      expect(r.error.message.en).toContain('e.g.');
    }
  });

  it.each<Case>([
    ['duns', '001234567', '001234567'],
    ['postalCode', '0010010', '0010010'],
    ['organizationName', '3M', '3M'],
    ['title', 'CEO', 'CEO'],
    ['title', 'President', 'President', { personName: 'Taro Yamada' }],
    ['address', 'Marunouchi 1-2-3', 'Marunouchi 1-2-3'],
    ['city', 'Kyoto', 'Kyoto'],
  ])('still accepts %s %j', (field, raw, value, ctx) => {
    const r = validateField(field, raw, ctx);
    expect(r.ok && r.value).toBe(value);
  });

  it('a city that is a postal code says so', () => {
    const r = validateField('city', '100-0005');
    expect(r.ok ? '' : r.error.message.ja).toContain('郵便番号のようです');
    expect(r.ok ? '' : r.error.message.en).toContain('looks like a postal code');
  });
});

describe('a Japanese city is written as the panel expects', () => {
  it.each([
    ['chiyoda ku', 'Chiyoda-ku'],
    ['chiyoda-ku', 'Chiyoda-ku'],
    ['CHIYODA KU', 'Chiyoda-ku'],
    ['Chiyoda-Ku', 'Chiyoda-ku'],
    ['yokohama shi naka ku', 'Yokohama-shi Naka-ku'],
    ['Kita-ku, osaka shi', 'Kita-ku, Osaka-shi'],
    ['hayama machi', 'Hayama-machi'],
    ['MIURA GUN HAYAMA CHO', 'Miura-gun Hayama-cho'],
    ['ogasawara mura', 'Ogasawara-mura'],
    ['Kyoto', 'Kyoto'],
  ])('%j → %j', (raw, value) => {
    const r = validateField('city', raw);
    expect(r.ok && r.value).toBe(value);
  });

  it('a city abroad is kept as typed', () => {
    const r = validateField('city', 'new york', { countryCode: 'US' });
    expect(r.ok && r.value).toBe('new york');
  });
});

describe('a phone number the callback should not go to is accepted with a warning', () => {
  it.each([
    ['phone', '090-1234-5678', '携帯電話'],
    ['phone', '080-1234-5678', '携帯電話'],
    ['phone', '070-1234-5678', '携帯電話'],
    ['phone', '0120-123-456', 'フリーダイヤル'],
    ['dunsPhone', '0570-123-456', 'ナビダイヤル'],
  ] as const)('%s %s', (field, raw, kind) => {
    const r = validateField(field, raw);
    if (!r.ok) throw new Error('expected acceptance');
    expect(r.warning?.code).toBe(`${field}.unlikelyCallback`);
    expect(r.warning?.message.ja).toContain(kind);
    expect(r.warning?.message.en).toContain('The CA calls the phone number registered with DUNS');
  });

  it.each([
    ['phone', '03-1234-5678'],
    ['phone', '+1 650 253 0000'],
    ['fax', '090-1234-5678'],
  ] as const)('no warning for %s %s', (field, raw) => {
    const r = validateField(field, raw);
    expect(r.ok && r.warning).toBeUndefined();
  });
});

describe('the engine applies the checks in the conversation', () => {
  function upTo(c: Conversation, field: keyof typeof REGISTRANT) {
    throughCsr(c);
    for (const [k, v] of Object.entries(REGISTRANT)) {
      if (k === field) return;
      c.say(v);
    }
  }

  it('shows the mobile-number warning after saving and moves on', () => {
    const c = new Conversation();
    upTo(c, 'phone');
    expect(c.question.id).toBe('field.phone');
    c.say('090-1234-5678');
    expect(c.app.fields.phone).toBe('+819012345678');
    const warning = c.outcome.replies.find((r) => r.type === 'text' && r.tone === 'warning');
    expect(warning?.type === 'text' && warning.text).toContain('携帯電話の番号');
    expect(c.question.id).toBe('field.fax');
  });

  it('refuses the applicant name as the title', () => {
    const c = new Conversation('acquire', 'en');
    upTo(c, 'title');
    expect(c.question.id).toBe('field.title');
    c.say('Taro Yamada');
    expect(c.app.fields.title).toBeUndefined();
    expect(c.texts()).toContain("is the applicant's name");
    expect(c.question.id).toBe('field.title');
  });

  it('saves chiyoda ku as Chiyoda-ku and says so', () => {
    const c = new Conversation();
    upTo(c, 'city');
    c.say('chiyoda ku');
    expect(c.app.fields.city).toBe('Chiyoda-ku');
    expect(c.texts()).toContain('Chiyoda-ku');
  });
});
