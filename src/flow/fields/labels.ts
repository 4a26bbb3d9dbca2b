import type { FieldName, Text } from '../types.js';

/** The labels of step 4's form as the hosting panel shows them (ja), and their English equivalents. */
export const FIELD_LABELS: Record<FieldName, Text> = {
  organizationName: { ja: '組織名', en: 'Organization name' },
  duns: { ja: 'DUNSナンバー', en: 'DUNS number' },
  name: { ja: '氏名', en: 'Name' },
  title: { ja: '役職', en: 'Title' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  countryCode: { ja: '国コード', en: 'Country code' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  city: { ja: '市区町村', en: 'City' },
  address: { ja: '住所', en: 'Address' },
  phone: { ja: '電話番号', en: 'Phone number' },
  fax: { ja: 'FAX番号', en: 'Fax number' },
  email: { ja: 'メールアドレス', en: 'Email address' },
  approvalEmail: { ja: '承認用メールアドレス', en: 'Approval email address' },
  dunsName: { ja: 'DUNS登録の英語会社名', en: 'Company name registered with DUNS' },
  dunsAddress: { ja: 'DUNS登録の英語住所', en: 'Address registered with DUNS' },
  dunsPhone: { ja: 'DUNS登録の電話番号', en: 'Phone number registered with DUNS' },
  corporateNumber: { ja: '法人番号', en: 'Corporate number' },
};

/** Only the fax number may be left blank ("無い場合は、ご入力不要です", step 4). */
export const OPTIONAL_FIELDS: ReadonlySet<FieldName> = new Set<FieldName>(['fax']);
