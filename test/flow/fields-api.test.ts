import { describe, expect, it } from 'vitest';
import {
  approvalEmailChoices,
  countryChoices,
  displayValue,
  FIELD_LABELS,
  FIELD_PROMPTS,
  OPTIONAL_FIELDS,
  prefectureChoices,
  splitName,
  validateField,
} from '../../src/flow/fields/index.js';
import { DUNS_FIELDS, type FieldName, type Lang, REGISTRANT_FIELDS } from '../../src/flow/types.js';

const ALL_FIELDS: FieldName[] = [...REGISTRANT_FIELDS, ...DUNS_FIELDS];

describe('approvalEmailChoices', () => {
  it.each<[string, string[]]>([
    ['example.co.jp', ['example.co.jp']],
    ['www.example.co.jp', ['www.example.co.jp', 'example.co.jp']],
    ['shop.www.example.com', ['shop.www.example.com', 'www.example.com', 'example.com']],
    ['example.com', ['example.com']],
    ['*.example.jp', ['example.jp']],
    ['WWW.Example.COM.', ['www.example.com', 'example.com']],
    ['www.example.co.uk', ['www.example.co.uk', 'example.co.uk']],
    ['www.example.or.jp', ['www.example.or.jp', 'example.or.jp']],
    // Public suffixes (the Public Suffix List): never offered.
    ['www.example.tokyo.jp', ['www.example.tokyo.jp', 'example.tokyo.jp']],
    ['www.example.osaka.jp', ['www.example.osaka.jp', 'example.osaka.jp']],
    ['www.example.ltd.uk', ['www.example.ltd.uk', 'example.ltd.uk']],
    ['team.github.io', ['team.github.io']],
    ['tokyo.jp', []],
  ])('%s → addresses at %j', (domain, domains) => {
    const expected = domains.flatMap((d) =>
      ['admin', 'administrator', 'webmaster', 'hostmaster', 'postmaster'].map((l) => `${l}@${d}`),
    );
    expect(approvalEmailChoices(domain)).toEqual(expected);
  });

  it('refuses an address at a public suffix', () => {
    const r = validateField('approvalEmail', 'admin@tokyo.jp', { domain: 'www.example.tokyo.jp' });
    expect(r).toMatchObject({ ok: false, error: { code: 'approvalEmail.notAllowed' } });
  });

  it('every offered address validates to itself', () => {
    for (const a of approvalEmailChoices('www.example.co.jp')) {
      expect(validateField('approvalEmail', a, { domain: 'www.example.co.jp' })).toEqual({
        ok: true,
        value: a,
      });
    }
  });
});

describe('labels and prompts', () => {
  it.each<[FieldName, string]>([
    ['organizationName', '組織名'],
    ['duns', 'DUNSナンバー'],
    ['name', '氏名'],
    ['title', '役職'],
    ['postalCode', '郵便番号'],
    ['countryCode', '国コード'],
    ['prefecture', '都道府県'],
    ['city', '市区町村'],
    ['address', '住所'],
    ['phone', '電話番号'],
    ['fax', 'FAX番号'],
    ['email', 'メールアドレス'],
    ['approvalEmail', '承認用メールアドレス'],
    ['dunsName', 'DUNS登録の英語会社名'],
    ['dunsAddress', 'DUNS登録の英語住所'],
    ['dunsPhone', 'DUNS登録の電話番号'],
  ])('%s is labelled %s as in the panel', (field, ja) => {
    expect(FIELD_LABELS[field].ja).toBe(ja);
    expect(FIELD_LABELS[field].en).toMatch(/^[A-Z][A-Za-z ]+$/);
  });

  it.each(ALL_FIELDS)('the prompt for %s exists in both languages with an example', (field) => {
    const p = FIELD_PROMPTS[field];
    expect(p.ja).toMatch(/[ぁ-ん]/);
    expect(p.en.length).toBeGreaterThan(20);
    if (field !== 'countryCode' && field !== 'approvalEmail') {
      expect(p.ja).toContain('例');
      expect(p.en).toContain('e.g.');
    }
  });

  it('the approval email prompt warns about ballot SC-090 and a mailbox that really receives mail', () => {
    const { ja, en } = FIELD_PROMPTS.approvalEmail;
    expect(en).toContain('SC-090');
    expect(en).toContain('2026-03-15');
    expect(en).toContain('2028-03-15');
    expect(en).toMatch(/DNS or HTTP/);
    expect(en).toMatch(/really receive mail/);
    expect(ja).toContain('SC-090');
    expect(ja).toContain('2026年3月15日');
    expect(ja).toContain('2028年3月15日');
    expect(ja).toContain('受信できる');
  });

  it('only fax is optional', () => {
    expect([...OPTIONAL_FIELDS]).toEqual(['fax']);
    expect(validateField('phone', '').ok).toBe(false);
  });
});

describe('displayValue', () => {
  it.each<[FieldName, string, Lang, string]>([
    ['phone', '+81312345678', 'ja', '03-1234-5678'],
    ['phone', '+81312345678', 'en', '03-1234-5678'],
    ['dunsPhone', '+819012345678', 'en', '090-1234-5678'],
    ['fax', '+81312345679', 'ja', '03-1234-5679'],
    ['phone', '+16502530000', 'en', '+1 650 253 0000'],
    ['fax', '', 'ja', '（なし）'],
    ['fax', '', 'en', '(none)'],
    ['prefecture', 'Tokyo', 'ja', 'Tokyo (東京都)'],
    ['prefecture', 'Tokyo', 'en', 'Tokyo'],
    ['prefecture', 'Hokkaido', 'ja', 'Hokkaido (北海道)'],
    ['prefecture', 'California', 'ja', 'California'],
    ['postalCode', '1000001', 'ja', '1000001'],
    ['organizationName', 'Example Trading Co., Ltd.', 'en', 'Example Trading Co., Ltd.'],
  ])('%s %j in %s → %j', (field, value, lang, shown) => {
    expect(displayValue(field, value, lang)).toBe(shown);
  });
});

describe('choices', () => {
  it('prefectures: the 47 in JIS X 0401 order, value = the panel name', () => {
    const c = prefectureChoices();
    expect(c).toHaveLength(47);
    expect(c[0]).toEqual({ value: 'Hokkaido', label: { ja: '北海道', en: 'Hokkaido' } });
    expect(c[12]).toEqual({ value: 'Tokyo', label: { ja: '東京都', en: 'Tokyo' } });
    expect(c[25]?.label.ja).toBe('京都府');
    expect(c[26]?.value).toBe('Osaka');
    expect(c[46]?.value).toBe('Okinawa');
    expect(new Set(c.map((x) => x.value)).size).toBe(47);
  });

  it('every prefecture choice validates to itself, by English name, kanji and code', () => {
    prefectureChoices().forEach((c, i) => {
      for (const typed of [c.value, c.label.ja, String(i + 1).padStart(2, '0')]) {
        expect(validateField('prefecture', typed)).toEqual({ ok: true, value: c.value });
      }
    });
  });

  it('countries: JP first, a usable menu size, each value a valid code', () => {
    const c = countryChoices();
    expect(c[0]).toEqual({ value: 'JP', label: { ja: '日本 (JP)', en: 'Japan (JP)' } });
    expect(c.length).toBeGreaterThan(10);
    expect(c.length).toBeLessThanOrEqual(100);
    for (const x of c) expect(validateField('countryCode', x.value)).toEqual({ ok: true, value: x.value });
  });
});

describe('splitName for step 6', () => {
  it.each<[string, string, string]>([
    ['Taro Yamada', 'Taro', 'Yamada'],
    ['Mary Jane Smith', 'Mary Jane', 'Smith'],
    ['  Taro   Yamada ', 'Taro', 'Yamada'],
    ['Yamada', '', 'Yamada'],
  ])('%j → FirstName %j, Surname %j', (name, firstName, surname) => {
    expect(splitName(name)).toEqual({ firstName, surname });
  });
});
