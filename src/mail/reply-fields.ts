import { FIELD_LABELS } from '../flow/fields/index.js';
import type { FieldName } from '../flow/types.js';

/**
 * Common ways people label the registrant fields (PROCESS.md step 4) in a mail, besides the labels the
 * bot itself shows (FIELD_LABELS, added below at load time). Keys are folded with `foldLabel`.
 */
const VARIANTS: Partial<Record<FieldName, string[]>> = {
  organizationName: [
    '組織名',
    '会社名',
    '法人名',
    '英文社名',
    '英文会社名',
    '組織名(英語)',
    'organization',
    'organisation',
    'company',
    'company name',
    'organisation name',
  ],
  duns: [
    'duns',
    'dunsナンバー',
    'duns番号',
    'd-u-n-s',
    'd-u-n-s number',
    'duns number',
    'duns no',
    'duns no.',
  ],
  name: ['氏名', '名前', 'お名前', '氏名(ローマ字)', '担当者名', 'name', 'full name'],
  title: ['役職', '役職名', 'title', 'job title', 'position'],
  postalCode: ['郵便番号', '〒', 'postal code', 'zip', 'zip code', 'postcode'],
  countryCode: ['国コード', '国', 'country', 'country code'],
  prefecture: ['都道府県', 'prefecture', 'state'],
  city: ['市区町村', 'city'],
  address: ['住所', '番地', 'address', 'street address'],
  phone: ['電話番号', '電話', 'tel', 'tel.', 'phone', 'phone number', 'telephone'],
  fax: ['fax番号', 'fax', 'fax number', 'fax no'],
  email: ['メールアドレス', 'メール', 'email', 'e-mail', 'email address', 'e-mail address', 'mail'],
  approvalEmail: [
    '承認用メールアドレス',
    '承認メールアドレス',
    'approval email',
    'approval email address',
    'approver email',
  ],
};

/** Folds a label for lookup: NFKC (full-width → ASCII), lower case, no spaces or brackets. */
export function foldLabel(label: string): string {
  return label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s【】[\]「」"'*・]/g, '')
    .replace(/[(（]任意[)）]|\(optional\)$/g, '');
}

function buildLabelMap(): Map<string, FieldName> {
  const map = new Map<string, FieldName>();
  const labels = FIELD_LABELS as Partial<Record<FieldName, { ja: string; en: string }>>;
  for (const [field, names] of Object.entries(VARIANTS) as Array<[FieldName, string[]]>)
    for (const n of names) map.set(foldLabel(n), field);
  for (const [field, text] of Object.entries(labels) as Array<[FieldName, { ja: string; en: string }]>) {
    if (!text) continue;
    for (const n of [text.ja, text.en]) if (!map.has(foldLabel(n))) map.set(foldLabel(n), field);
  }
  return map;
}

let labelMap: Map<string, FieldName> | undefined;

/** The field a label names (`DUNS番号`, `役職`, `Job Title`, `ＴＥＬ`), or undefined. */
export function fieldForLabel(label: string): FieldName | undefined {
  labelMap ??= buildLabelMap();
  return labelMap.get(foldLabel(label));
}

const LINE = /^\s*(?:[-*・●■◆]\s*)?([^:：\n]{1,40}?)\s*[:：]\s*(.*?)\s*$/;
/** `役職は President です。`: the way a Japanese sentence gives one field. */
const SENTENCE = /^\s*([^\s:：は]{1,15})は\s*(.+?)\s*(です|になります|でお願いします)[。.]?\s*$/;

/**
 * `label: value` lines of a reply (`DUNS: 123456789`, `役職：President`), keyed by the field names
 * `evssl-bot validate` uses. Values are raw, as typed: the engine validates them. A label given twice
 * keeps its first value; lines whose label names no field are ignored.
 */
export function extractFields(replyText: string): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {};
  for (const line of replyText.split('\n')) {
    const m = LINE.exec(line) ?? SENTENCE.exec(line);
    if (!m || m[2] === '' || /^https?$/i.test(m[1]!.trim())) continue;
    const field = fieldForLabel(m[1]!);
    if (field && out[field] === undefined) out[field] = m[2]!;
  }
  return out;
}
