import { describe, expect, it } from 'vitest';
import { crossCheckDuns } from '../../src/flow/fields/index.js';
import type { FieldName } from '../../src/flow/types.js';

type Fields = Partial<Record<FieldName, string>>;

const REGISTRANT: Fields = {
  organizationName: 'Example Trading Co., Ltd.',
  address: '1-2-3 Marunouchi, Example Bldg. 5F',
  city: 'Chiyoda-ku',
  prefecture: 'Tokyo',
  postalCode: '1000001',
  phone: '+81312345678',
};

const MATCHING_DUNS: Fields = {
  dunsName: 'Example Trading Co., Ltd.',
  dunsAddress: '1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
  dunsPhone: '+81312345678',
};

describe('crossCheckDuns: equal after normalising spacing', () => {
  it.each<[string, Fields]>([
    ['identical values', MATCHING_DUNS],
    ['Co.,Ltd. vs Co., Ltd.', { dunsName: 'Example Trading Co.,Ltd.' }],
    [
      'address in another order and case',
      { dunsAddress: 'TOKYO 1000001 CHIYODA-KU 1-2-3 MARUNOUCHI EXAMPLE BLDG 5F' },
    ],
    [
      'address with Tokyo-to and 〒',
      { dunsAddress: '〒100-0001 Tokyo-to, Chiyoda-ku, 1-2-3 Marunouchi, Example Bldg. 5F' },
    ],
    [
      'postal code with a space',
      { dunsAddress: '1-2-3 Marunouchi Example Bldg 5F Chiyoda-ku Tokyo 100 0001' },
    ],
    ['phone as +81 with spaces', { dunsPhone: '+81 3 1234 5678' }],
    ['phone in national format', { dunsPhone: '03-1234-5678' }],
  ])('%s → no mismatch', (_name, duns) => {
    expect(crossCheckDuns({ ...REGISTRANT, ...duns })).toEqual([]);
  });
});

describe('crossCheckDuns: real differences are reported, quoting both values', () => {
  // Issue 14 item 11: step 1 says the DUNS name must match the application exactly; this used to be
  // "no mismatch" (case and punctuation were ignored), so an application the CA compares as written
  // went through unflagged.
  it.each([
    ['upper case without punctuation', 'EXAMPLE TRADING CO LTD'],
    ['upper case', 'EXAMPLE TRADING CO., LTD.'],
    ['no punctuation', 'Example Trading Co Ltd'],
  ])('name: %s is flagged as not exactly matching', (_name, dunsName) => {
    const [m, ...rest] = crossCheckDuns({ ...REGISTRANT, dunsName });
    expect(rest).toEqual([]);
    expect(m?.duns).toBe('dunsName');
    expect(m?.registrant).toEqual(['organizationName']);
    expect(m?.message.en).toContain(`"${dunsName}"`);
    expect(m?.message.en).toContain('upper/lower case or punctuation');
    expect(m?.message.ja).toContain('大文字・小文字や記号');
  });

  it('Company Limited is not Co., Ltd.: the CA compares exactly', () => {
    const [m, ...rest] = crossCheckDuns({ ...REGISTRANT, dunsName: 'Example Trading Company Limited' });
    expect(rest).toEqual([]);
    expect(m?.duns).toBe('dunsName');
    expect(m?.registrant).toEqual(['organizationName']);
    expect(m?.message.en).toContain('"Example Trading Company Limited"');
    expect(m?.message.en).toContain('"Example Trading Co., Ltd."');
    expect(m?.message.en).toContain('"Company Limited" is not the same as "Co., Ltd."');
    expect(m?.message.en).toContain('"company limited" vs "co ltd"');
    expect(m?.message.ja).toContain('「Example Trading Company Limited」');
    expect(m?.message.ja).toContain('「Example Trading Co., Ltd.」');
  });

  it('a different name says so without an abbreviation note', () => {
    const [m] = crossCheckDuns({ ...REGISTRANT, dunsName: 'Sample Trading Co., Ltd.' });
    expect(m?.message.en).toContain('"sample" vs "example"');
    expect(m?.message.en).not.toContain('abbreviation');
  });

  it.each<[string, string, FieldName[]]>([
    ['missing building', '1-2-3 Marunouchi, Chiyoda-ku, Tokyo 100-0001', ['address']],
    ['other ward', '1-2-3 Marunouchi, Example Bldg. 5F, Chuo-ku, Tokyo 100-0001', ['city']],
    ['other prefecture', '1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Osaka 100-0001', ['prefecture']],
    ['other postal code', '1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0005', ['postalCode']],
    ['no postal code', '1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo', ['postalCode']],
    ['Building vs Bldg.', '1-2-3 Marunouchi, Example Building 5F, Chiyoda-ku, Tokyo 100-0001', ['address']],
    ['only the city', 'Chiyoda-ku', ['address', 'prefecture', 'postalCode']],
  ])('address: %s → %j differ', (_name, dunsAddress, parts) => {
    const [m, ...rest] = crossCheckDuns({ ...REGISTRANT, dunsAddress });
    expect(rest).toEqual([]);
    expect(m?.duns).toBe('dunsAddress');
    expect(m?.registrant).toEqual(parts);
    expect(m?.message.en).toContain(`"${dunsAddress}"`);
    expect(m?.message.en).toContain('"1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 1000001"');
    expect(m?.message.ja).toContain(`「${dunsAddress}」`);
  });

  it('a different phone number quotes both in national format', () => {
    const [m] = crossCheckDuns({ ...REGISTRANT, dunsPhone: '+81612345678' });
    expect(m?.duns).toBe('dunsPhone');
    expect(m?.registrant).toEqual(['phone']);
    expect(m?.message.en).toContain('"06-1234-5678"');
    expect(m?.message.en).toContain('"03-1234-5678"');
    expect(m?.message.ja).toContain('「06-1234-5678」');
  });

  it.each<[string, string, string]>([
    ['words in another order', 'Trading Example Co., Ltd.', 'the same words in a different order'],
    ['a word only in DUNS', 'Example Trading Japan Co., Ltd.', '"japan" vs nothing'],
    ['a word only in the application', 'Example Co., Ltd.', 'nothing vs "trading"'],
  ])('name: %s is explained', (_name, dunsName, explained) => {
    const [m] = crossCheckDuns({ ...REGISTRANT, dunsName });
    expect(m?.message.en).toContain(explained);
  });

  it('reports every differing pair', () => {
    const ms = crossCheckDuns({
      ...REGISTRANT,
      dunsName: 'Other Inc.',
      dunsAddress: 'Somewhere 1',
      dunsPhone: '+81612345678',
    });
    expect(ms.map((m) => m.duns)).toEqual(['dunsName', 'dunsAddress', 'dunsPhone']);
  });
});

describe('crossCheckDuns: only pairs with both sides present', () => {
  it.each<[string, Fields]>([
    ['nothing', {}],
    ['registrant only', REGISTRANT],
    ['DUNS only', MATCHING_DUNS],
    ['DUNS name without organization name', { dunsName: 'Other Inc.' }],
    ['DUNS phone without phone', { dunsPhone: '+81612345678', organizationName: 'X' }],
    ['DUNS address without any address part', { dunsAddress: 'Somewhere 1', phone: '+81312345678' }],
  ])('%s → no mismatch', (_name, fields) => {
    expect(crossCheckDuns(fields)).toEqual([]);
  });

  it('checks only the address parts already given', () => {
    const ms = crossCheckDuns({
      dunsAddress: '1-2-3 Marunouchi, Chiyoda-ku',
      city: 'Chiyoda-ku',
      prefecture: 'Tokyo',
    });
    expect(ms[0]?.registrant).toEqual(['prefecture']);
  });
});
