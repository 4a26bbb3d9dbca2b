import { describe, expect, it } from 'vitest';
import { validateField } from '../../src/flow/fields/index.js';
import type { FieldContext, FieldName } from '../../src/flow/types.js';

type Case = [field: FieldName, raw: string, expected: string, ctx?: FieldContext];

/** What people really type, and the value the panel should get. */
const ACCEPTED: Case[] = [
  ['organizationName', 'Example Trading Co., Ltd.', 'Example Trading Co., Ltd.'],
  ['organizationName', '  Example   Trading  Co.,Ltd. ', 'Example Trading Co.,Ltd.'],
  ['organizationName', 'Ｅｘａｍｐｌｅ　Ｔｒａｄｉｎｇ　Ｃｏ．，　Ｌｔｄ．', 'Example Trading Co., Ltd.'],
  ['organizationName', 'A&B Holdings, Inc.', 'A&B Holdings, Inc.'],
  ['dunsName', 'EXAMPLE TRADING CO., LTD.', 'EXAMPLE TRADING CO., LTD.'],
  ['duns', '123456789', '123456789'],
  ['duns', '012345678', '012345678'],
  ['duns', '１２-３４５-６７８９', '123456789'],
  ['duns', '12 345 6789', '123456789'],
  ['duns', '12ー345ー6789', '123456789'],
  ['duns', '12－345－6789', '123456789'],
  ['duns', '12‐345‐6789', '123456789'],
  ['duns', '12—345–6789', '123456789'],
  ['duns', '12−345−6789', '123456789'],
  ['duns', '１２３　４５６　７８９', '123456789'],
  ['name', 'Taro Yamada', 'Taro Yamada'],
  ['name', '  Taro   Yamada ', 'Taro Yamada'],
  ['name', 'Ｔａｒｏ　Ｙａｍａｄａ', 'Taro Yamada'],
  ['name', 'Yūko Ōno', 'Yuko Ono'],
  ['name', 'Yamada, Taro', 'Taro Yamada'],
  ['name', 'YAMADA Taro', 'Taro Yamada'],
  ['name', 'Taro YAMADA', 'Taro Yamada'],
  ['name', 'TARO YAMADA', 'TARO YAMADA'],
  ['name', 'Mr. Taro Yamada', 'Taro Yamada'],
  ['name', 'Yamada-san Taro', 'Yamada-san Taro'],
  ['name', 'Taro Yamada-san', 'Taro Yamada'],
  ['name', "Mary-Jane O'Neil", "Mary-Jane O'Neil"],
  ['name', 'Mary Jane O’Neil', "Mary Jane O'Neil"],
  ['title', 'President', 'President'],
  ['title', 'Representative Director', 'Representative Director'],
  ['title', 'Ｐｒｅｓｉｄｅｎｔ', 'President'],
  ['title', 'Kōhō Manager', 'Koho Manager'],
  ['postalCode', '1000001', '1000001'],
  ['postalCode', '100-0001', '1000001'],
  ['postalCode', '〒100-0001', '1000001'],
  ['postalCode', '〒 100-0001', '1000001'],
  ['postalCode', '１００－０００１', '1000001'],
  ['postalCode', '１００ー０００１', '1000001'],
  ['postalCode', '100ー0001', '1000001'],
  ['postalCode', '100‐0001', '1000001'],
  ['postalCode', '100—0001', '1000001'],
  ['postalCode', '100–0001', '1000001'],
  ['postalCode', '100 0001', '1000001'],
  ['postalCode', '100-0001', '1000001', { countryCode: 'jp' }],
  ['postalCode', 'sw1a 1aa', 'SW1A 1AA', { countryCode: 'GB' }],
  ['postalCode', '94043-1351', '94043-1351', { countryCode: 'US' }],
  ['countryCode', 'JP', 'JP'],
  ['countryCode', 'jp', 'JP'],
  ['countryCode', 'ＪＰ', 'JP'],
  ['countryCode', '', 'JP'],
  ['countryCode', '  ', 'JP'],
  ['countryCode', 'Japan', 'JP'],
  ['countryCode', 'japan', 'JP'],
  ['countryCode', '日本', 'JP'],
  ['countryCode', 'JPN', 'JP'],
  ['countryCode', 'us', 'US'],
  ['countryCode', 'United States', 'US'],
  ['countryCode', 'South Korea', 'KR'],
  ['countryCode', '台湾', 'TW'],
  ['countryCode', 'AX', 'AX'],
  ['countryCode', 'SS', 'SS'],
  ['prefecture', 'Tokyo', 'Tokyo'],
  ['prefecture', 'tokyo', 'Tokyo'],
  ['prefecture', 'TOKYO', 'Tokyo'],
  ['prefecture', 'tokyo-to', 'Tokyo'],
  ['prefecture', 'TOKYO TO', 'Tokyo'],
  ['prefecture', 'Tōkyō', 'Tokyo'],
  ['prefecture', 'Toukyou', 'Tokyo'],
  ['prefecture', '東京都', 'Tokyo'],
  ['prefecture', '東京', 'Tokyo'],
  ['prefecture', '13', 'Tokyo'],
  ['prefecture', '１３', 'Tokyo'],
  ['prefecture', 'JP-13', 'Tokyo'],
  ['prefecture', '1', 'Hokkaido'],
  ['prefecture', '01', 'Hokkaido'],
  ['prefecture', '北海道', 'Hokkaido'],
  ['prefecture', 'Hokkaidō', 'Hokkaido'],
  ['prefecture', '47', 'Okinawa'],
  ['prefecture', 'Osaka-fu', 'Osaka'],
  ['prefecture', 'Ōsaka', 'Osaka'],
  ['prefecture', '大阪府', 'Osaka'],
  ['prefecture', '大阪', 'Osaka'],
  ['prefecture', 'Kyoto-fu', 'Kyoto'],
  ['prefecture', '京都', 'Kyoto'],
  ['prefecture', 'kyoto', 'Kyoto'],
  ['prefecture', 'Hyōgo-ken', 'Hyogo'],
  ['prefecture', 'Hyougo', 'Hyogo'],
  ['prefecture', 'Aichi Prefecture', 'Aichi'],
  ['prefecture', 'Gumma', 'Gunma'],
  ['prefecture', '群馬県', 'Gunma'],
  ['prefecture', 'Kōchi', 'Kochi'],
  ['prefecture', 'Ōita', 'Oita'],
  ['prefecture', '神奈川', 'Kanagawa'],
  ['prefecture', 'California', 'California', { countryCode: 'US' }],
  ['prefecture', 'Île-de-France', 'Ile-de-France', { countryCode: 'FR' }],
  ['city', 'Chiyoda-ku', 'Chiyoda-ku'],
  ['city', 'Ｃｈｉｙｏｄａ－ｋｕ', 'Chiyoda-ku'],
  // Issue 14 item 11: the usual spelling of a ward/city suffix, not the one typed.
  ['city', 'Chiyoda ku', 'Chiyoda-ku'],
  ['city', 'Ōsaka-shi Kita-ku', 'Osaka-shi Kita-ku'],
  ['address', '1-2-3 Marunouchi, Example Bldg. 5F', '1-2-3 Marunouchi, Example Bldg. 5F'],
  ['address', '１－２－３ Marunouchi, Example Bldg. ５F', '1-2-3 Marunouchi, Example Bldg. 5F'],
  ['address', '1ー2ー3 Marunouchi', '1-2-3 Marunouchi'],
  ['address', '1‐2—3 Marunouchi', '1-2-3 Marunouchi'],
  ['address', 'Ōtemachi 1-1-1 (Room #101)', 'Otemachi 1-1-1 (Room #101)'],
  ['address', "1-2-3 Marunouchi,  O'Hara Bldg. / 5F", "1-2-3 Marunouchi, O'Hara Bldg. / 5F"],
  [
    'dunsAddress',
    '〒100-0001 1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo',
    '100-0001 1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo',
  ],
  ['phone', '03-1234-5678', '+81312345678'],
  ['phone', '0312345678', '+81312345678'],
  ['phone', '（03）1234-5678', '+81312345678'],
  ['phone', '(03) 1234-5678', '+81312345678'],
  ['phone', '０３－１２３４－５６７８', '+81312345678'],
  ['phone', '03ー1234ー5678', '+81312345678'],
  ['phone', '03‐1234‐5678', '+81312345678'],
  ['phone', '+81 3-1234-5678', '+81312345678'],
  ['phone', '+81-3-1234-5678', '+81312345678'],
  ['phone', '090-1234-5678', '+819012345678'],
  ['phone', '0120-123-456', '+81120123456'],
  ['phone', '+1 650 253 0000', '+16502530000'],
  ['phone', '(650) 253-0000', '+16502530000', { countryCode: 'US' }],
  ['fax', '03-1234-5679', '+81312345679'],
  ['fax', '', ''],
  ['fax', '  ', ''],
  ['fax', 'なし', ''],
  ['fax', 'none', ''],
  ['dunsPhone', '０３（１２３４）５６７８', '+81312345678'],
  ['email', 'taro.yamada@example.co.jp', 'taro.yamada@example.co.jp'],
  ['email', 'Taro.Yamada@Example.CO.JP', 'Taro.Yamada@example.co.jp'],
  ['email', 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ', 'taro@example.co.jp'],
  ['email', '<mailto:taro@example.co.jp|taro@example.co.jp>', 'taro@example.co.jp'],
  ['email', 'mailto:taro@example.co.jp', 'taro@example.co.jp'],
  ['approvalEmail', 'admin@example.co.jp', 'admin@example.co.jp', { domain: 'example.co.jp' }],
  ['approvalEmail', 'admin', 'admin@example.co.jp', { domain: 'example.co.jp' }],
  ['approvalEmail', 'Webmaster', 'webmaster@example.co.jp', { domain: 'example.co.jp' }],
  ['approvalEmail', 'postmaster@', 'postmaster@example.co.jp', { domain: 'example.co.jp' }],
  ['approvalEmail', 'ADMIN@EXAMPLE.CO.JP', 'admin@example.co.jp', { domain: 'example.co.jp' }],
  ['approvalEmail', 'admin', 'admin@www.example.co.jp', { domain: 'www.example.co.jp' }],
  ['approvalEmail', 'hostmaster@example.co.jp', 'hostmaster@example.co.jp', { domain: 'www.example.co.jp' }],
  [
    'approvalEmail',
    'ａｄｍｉｎ＠ｅｘａｍｐｌｅ．ｃｏｍ',
    'admin@example.com',
    { domain: 'shop.example.com' },
  ],
];

/** What people really type that cannot go into the panel, and the error code that says why. */
const REJECTED: Case[] = [
  ['organizationName', '', 'organizationName.required'],
  ['organizationName', '株式会社エグザンプル', 'organizationName.japanese'],
  ['organizationName', 'Example ㈱', 'organizationName.japanese'],
  ['organizationName', 'ｴｸﾞｻﾞﾝﾌﾟﾙ', 'organizationName.japanese'],
  ['organizationName', 'Tōkyō Trading Co., Ltd.', 'organizationName.ascii'],
  ['organizationName', `${'A'.repeat(60)} Co., Ltd.`, 'organizationName.tooLong'],
  ['dunsName', '株式会社エグザンプル', 'dunsName.japanese'],
  ['duns', '', 'duns.required'],
  ['duns', '12345678', 'duns.length'],
  ['duns', '1234567890', 'duns.length'],
  ['duns', '12-345-678', 'duns.length'],
  ['duns', '12345678O', 'duns.digits'],
  ['duns', 'DUNS 123456789', 'duns.digits'],
  ['name', '', 'name.required'],
  ['name', '山田太郎', 'name.japanese'],
  ['name', '山田　太郎', 'name.japanese'],
  ['name', 'やまだ たろう', 'name.japanese'],
  ['name', 'ヤマダ タロウ', 'name.japanese'],
  ['name', 'Taro', 'name.oneWord'],
  ['name', 'Yamada', 'name.oneWord'],
  ['name', 'Taro Yamada 2', 'name.characters'],
  ['name', 'Taro_Yamada', 'name.characters'],
  ['name', `Taro ${'Y'.repeat(64)}`, 'name.tooLong'],
  ['title', '代表取締役', 'title.japanese'],
  ['title', '社長', 'title.japanese'],
  ['title', 'CEO & Founder', 'title.characters'],
  ['title', '', 'title.required'],
  ['postalCode', '', 'postalCode.required'],
  ['postalCode', '100-001', 'postalCode.length'],
  ['postalCode', '〒100-00011', 'postalCode.length'],
  ['postalCode', '100-OOO1', 'postalCode.format'],
  ['postalCode', '東京都千代田区', 'postalCode.format'],
  ['postalCode', 'SW1A 1AA!', 'postalCode.format', { countryCode: 'GB' }],
  ['postalCode', 'A', 'postalCode.format', { countryCode: 'GB' }],
  ['countryCode', 'JA', 'countryCode.unknown'],
  ['countryCode', 'XX', 'countryCode.unknown'],
  ['countryCode', 'Nihonn', 'countryCode.unknown'],
  ['prefecture', '', 'prefecture.required'],
  ['prefecture', 'Tokio', 'prefecture.unknown'],
  ['prefecture', 'Hokaido', 'prefecture.unknown'],
  ['prefecture', 'Kanagwa', 'prefecture.unknown'],
  ['prefecture', '48', 'prefecture.unknown'],
  ['prefecture', '0', 'prefecture.unknown'],
  ['prefecture', 'Paris', 'prefecture.unknown'],
  ['prefecture', '東亰都', 'prefecture.unknown'],
  ['prefecture', '東京都', 'prefecture.ascii', { countryCode: 'US' }],
  ['city', '', 'city.required'],
  ['city', '千代田区', 'city.japanese'],
  ['city', 'Chiyoda区', 'city.japanese'],
  ['address', '丸の内1-2-3', 'address.japanese'],
  ['address', '1丁目2番3号', 'address.japanese'],
  ['address', '1-2-3 Marunouchi; 5F', 'address.characters'],
  ['address', `1-2-3 ${'Marunouchi '.repeat(12)}`, 'address.tooLong'],
  ['dunsAddress', '東京都千代田区丸の内1-2-3', 'dunsAddress.japanese'],
  ['dunsAddress', `1-2-3 ${'Marunouchi '.repeat(19)}`, 'dunsAddress.tooLong'],
  ['phone', '', 'phone.required'],
  ['phone', '03-1234-567', 'phone.invalid'],
  ['phone', '1234', 'phone.invalid'],
  ['phone', '03-1234-56789', 'phone.invalid'],
  ['phone', '電話 03-1234-5678', 'phone.format'],
  ['phone', 'tel 03-1234-5678', 'phone.format'],
  ['fax', '03-1234-567', 'fax.invalid'],
  ['dunsPhone', '', 'dunsPhone.required'],
  ['dunsPhone', '12345', 'dunsPhone.invalid'],
  ['email', '', 'email.required'],
  ['email', 'taro.yamada', 'email.invalid'],
  ['email', 'taro@', 'email.invalid'],
  ['email', 'taro yamada@example.co.jp', 'email.invalid'],
  ['email', '山田@example.co.jp', 'email.invalid'],
  ['approvalEmail', 'admin', 'approvalEmail.noDomain'],
  ['approvalEmail', 'admin', 'approvalEmail.noDomain', {}],
  ['approvalEmail', '', 'approvalEmail.required', { domain: 'example.co.jp' }],
  ['approvalEmail', 'info@example.co.jp', 'approvalEmail.notAllowed', { domain: 'example.co.jp' }],
  ['approvalEmail', 'taro', 'approvalEmail.notAllowed', { domain: 'example.co.jp' }],
  ['approvalEmail', 'admin@co.jp', 'approvalEmail.notAllowed', { domain: 'example.co.jp' }],
  ['approvalEmail', 'admin@other.co.jp', 'approvalEmail.notAllowed', { domain: 'example.co.jp' }],
];

describe('validateField accepts what people type and normalises it', () => {
  it.each(ACCEPTED)('%s %j → %j', (field, raw, expected, ctx) => {
    // Only the value: a mobile or toll-free phone is accepted with a warning (test/fields/field-consistency).
    const r = validateField(field, raw, ctx);
    expect(r.ok ? { ok: true, value: r.value } : r).toEqual({ ok: true, value: expected });
  });
});

describe('validateField rejects with a stable code', () => {
  it.each(REJECTED)('%s %j → %s', (field, raw, code, ctx) => {
    const r = validateField(field, raw, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it.each(REJECTED)(
    '%s %j: the message is in both languages and gives an example',
    (field, raw, _code, ctx) => {
      const r = validateField(field, raw, ctx);
      if (r.ok) throw new Error('expected an error');
      const { ja, en } = r.error.message;
      expect(ja).toMatch(/[\p{Script=Hiragana}\p{Script=Katakana}]/u);
      expect(en).toMatch(/^[\x20-\x7E\n\u3000-\u30FF\u4E00-\u9FFF]+$/u);
      expect(ja).toContain('例');
      expect(en).toContain('e.g.');
    },
  );
});

describe('error messages say exactly what is wrong', () => {
  it('DUNS: how many digits were given', () => {
    const r = validateField('duns', '12-345-678');
    expect(r.ok ? '' : r.error.message.en).toContain('8 were given');
    expect(r.ok ? '' : r.error.message.ja).toContain('8桁');
  });

  it('organization name in Japanese points to the articles of incorporation', () => {
    const r = validateField('organizationName', '株式会社エグザンプル');
    if (r.ok) throw new Error('expected an error');
    expect(r.error.message.ja).toContain('定款に記載のローマ字商号');
    expect(r.error.message.en).toContain(
      'enter the English name as written in your articles of incorporation (e.g. Example Trading Co., Ltd.)'.replace(
        /^e/,
        'E',
      ),
    );
  });

  it('organization name with macrons suggests the plain spelling rather than changing it', () => {
    const r = validateField('organizationName', 'Tōkyō Trading Co., Ltd.');
    expect(r.ok ? '' : r.error.message.en).toContain('"Tokyo Trading Co., Ltd."');
  });

  it('a Japanese title gets the usual English title as a hint', () => {
    const r = validateField('title', '代表取締役');
    expect(r.ok ? '' : r.error.message.en).toContain('Representative Director');
  });

  it('a name in kanji is asked for in romaji with the example', () => {
    const r = validateField('name', '山田太郎');
    expect(r.ok ? '' : r.error.message.en).toContain('Taro Yamada');
  });

  it('an address in Japanese explains the English address order', () => {
    const r = validateField('address', '丸の内1-2-3');
    if (r.ok) throw new Error('expected an error');
    expect(r.error.message.en).toContain('chome-banchi-go, building, floor');
    expect(r.error.message.en).toContain('Chiyoda-ku');
    expect(r.error.message.ja).toContain('丁目-番地-号');
  });

  it.each([
    ['Tokio', 'Tokyo'],
    ['Oosaka', 'Osaka'],
    ['Hokaido', 'Hokkaido'],
    ['Kanagwa', 'Kanagawa'],
    ['Fukuoca', 'Fukuoka'],
  ])('prefecture %s → "Did you mean %s?" (or accepted when unambiguous)', (raw, suggestion) => {
    const r = validateField('prefecture', raw);
    if (r.ok) {
      expect(r.value).toBe(suggestion);
    } else {
      expect(r.error.message.en).toContain(`Did you mean ${suggestion}`);
      expect(r.error.message.ja).toContain(suggestion);
    }
  });

  it('approval email not in the list names the allowed addresses', () => {
    const r = validateField('approvalEmail', 'info@example.co.jp', { domain: 'example.co.jp' });
    expect(r.ok ? '' : r.error.message.en).toContain('admin@example.co.jp');
  });

  it('approval email without a CSR asks for the CSR first', () => {
    const r = validateField('approvalEmail', 'admin');
    expect(r.ok ? '' : r.error.message.en).toMatch(/enter the CSR first/);
  });
});
