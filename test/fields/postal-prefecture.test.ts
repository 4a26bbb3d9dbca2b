import { describe, expect, it } from 'vitest';
import { postalPrefectureWarning, prefecturesOfPostalCode } from '../../src/flow/fields/postal-prefecture.js';
import { Conversation, REGISTRANT, throughCsr } from '../flow/helpers.js';

/** Issue 14 item 11: postal code 530-0001 with 東京都 was accepted silently (found weeks later via DUNS). */

describe('prefecturesOfPostalCode (Japan Post list)', () => {
  it.each([
    ['1000001', ['13']], // 千代田区千代田
    ['5300001', ['27']], // 大阪市北区梅田
    ['0600001', ['01']], // 札幌市中央区
    ['9000001', ['47']], // 那覇市
    ['6180001', ['27']], // 島本町: a 61x code in Osaka, not Kyoto
    ['8115101', ['42']], // 壱岐市: an 81x code in Nagasaki, not Fukuoka
    ['1008994', ['13']], // 東京中央郵便局: a business code the list omits, known by its first digits
  ])('%s → %j', (code, prefs) => {
    expect(prefecturesOfPostalCode(code)).toEqual(prefs);
  });

  it('knows nothing of malformed input', () => {
    expect(prefecturesOfPostalCode('530-0001')).toEqual([]);
    expect(prefecturesOfPostalCode('')).toEqual([]);
  });
});

describe('postalPrefectureWarning', () => {
  it('warns for 530-0001 with Tokyo, in both languages', () => {
    const w = postalPrefectureWarning({ postalCode: '5300001', prefecture: 'Tokyo' });
    expect(w?.ja).toContain('郵便番号 530-0001 は大阪府の番号ですが、都道府県は東京都');
    expect(w?.en).toContain('530-0001 belongs to Osaka, but the prefecture is Tokyo');
  });

  it.each([
    [{ postalCode: '5300001', prefecture: 'Osaka' }],
    [{ postalCode: '5300001' }],
    [{ prefecture: 'Tokyo' }],
    [{ postalCode: '5300001', prefecture: 'Tokyo', countryCode: 'US' }],
  ])('says nothing for %j', (fields) => {
    expect(postalPrefectureWarning(fields)).toBeUndefined();
  });
});

describe('in the conversation (every channel runs this engine)', () => {
  function upTo(c: Conversation, field: keyof typeof REGISTRANT, overrides: Partial<typeof REGISTRANT> = {}) {
    throughCsr(c);
    for (const [k, v] of Object.entries({ ...REGISTRANT, ...overrides })) {
      if (k === field) return;
      c.say(v);
    }
  }
  const warnings = (c: Conversation) =>
    c.outcome.replies
      .filter((r) => r.type === 'text' && r.tone === 'warning')
      .map((r) => (r.type === 'text' ? r.text : ''));

  it('warns when the prefecture does not match the postal code, keeps both and moves on', () => {
    const c = new Conversation();
    upTo(c, 'prefecture', { postalCode: '530-0001' });
    c.say('東京都');
    expect(c.app.fields.postalCode).toBe('5300001');
    expect(c.app.fields.prefecture).toBe('Tokyo');
    expect(warnings(c).join('\n')).toContain('530-0001 は大阪府の番号');
    expect(c.question.id).toBe('field.city');
  });

  it('says nothing when they match', () => {
    const c = new Conversation();
    upTo(c, 'prefecture');
    c.say('東京都');
    expect(warnings(c)).toEqual([]);
    expect(c.question.id).toBe('field.city');
  });

  it('warns again when the postal code is edited to another prefecture', () => {
    const c = new Conversation('acquire', 'en');
    upTo(c, 'city');
    c.say('edit postal code');
    c.say('530-0001');
    expect(c.app.fields.postalCode).toBe('5300001');
    expect(warnings(c).join('\n')).toContain('530-0001 belongs to Osaka, but the prefecture is Tokyo');
  });
});
