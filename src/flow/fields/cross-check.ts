import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { t } from '../catalogue.js';
import type { DunsField, FieldName, RegistrantField, Text } from '../types.js';
import { words } from '../words.js';
import { displayValue } from './display.js';
import { looseKey, nfkc } from './normalize.js';
import { nationalDigits } from './phone.js';

/** A DUNS-registered value that does not match what the application says (step 1: not issued if so). */
export interface DunsMismatch {
  duns: DunsField;
  registrant: RegistrantField[];
  message: Text;
}

type Fields = Partial<Record<FieldName, string>>;

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  co: 'company',
  ltd: 'limited',
  inc: 'incorporated',
  corp: 'corporation',
  intl: 'international',
  assn: 'association',
};

/**
 * Spacing removed, nothing else: `Co., Ltd.` and `Co.,Ltd.` compare equal, but `CO LTD` differs from
 * `Co., Ltd.` (step 1: the DUNS name must match the application exactly; the CA compares as written).
 */
function exactKey(s: string): string {
  return nfkc(s).replace(/\s+/g, '');
}

/** Case, punctuation and spacing removed: the same words, written differently. */
function nameKey(s: string): string {
  return looseKey(s).replace(/ /g, '');
}

function onlyIn(a: string[], b: string[]): string[] {
  return a.filter((w) => !b.includes(w));
}

/** The words only one side has, or a note that only the order differs. */
function describeDiff(duns: string, org: string): Text {
  if (duns === '' && org === '') return { ja: '語順', en: 'the same words in a different order' };
  const q = (w: string, none: string, open: string, close: string) => (w ? `${open}${w}${close}` : none);
  return {
    ja: `DUNS側 ${q(duns, 'なし', '「', '」')}、組織名側 ${q(org, 'なし', '「', '」')}`,
    en: `${q(duns, 'nothing', '"', '"')} vs ${q(org, 'nothing', '"', '"')}`,
  };
}

function checkName(dunsName: string, org: string): DunsMismatch | undefined {
  if (exactKey(dunsName) === exactKey(org)) return undefined;
  if (nameKey(dunsName) === nameKey(org)) {
    return {
      duns: 'dunsName',
      registrant: ['organizationName'],
      message: {
        ja:
          `DUNS登録の英語会社名「${dunsName}」と組織名「${org}」は、大文字・小文字や記号（. , など）の書き方が違います。` +
          '手順1のとおり、DUNSの登録と申請内容は表記まで一致させる必要があります。組織名をDUNSの登録どおりにするか、DUNSの登録内容を定款のローマ字商号に合わせて修正してください。',
        en:
          `The company name registered with DUNS, "${dunsName}", and the organization name "${org}" are written ` +
          'differently (upper/lower case or punctuation such as . and ,). Step 1 requires them to match exactly as written: ' +
          'make the organization name match the DUNS record, or correct the DUNS record to the name in your articles of incorporation.',
      },
    };
  }
  const dw = looseKey(dunsName).split(' ');
  const ow = looseKey(org).split(' ');
  const expand = (ws: string[]) => ws.map((w) => ABBREVIATIONS[w] ?? w).join('');
  const abbreviated = expand(dw) === expand(ow);
  const diff = describeDiff(onlyIn(dw, ow).join(' '), onlyIn(ow, dw).join(' '));
  return {
    duns: 'dunsName',
    registrant: ['organizationName'],
    message: {
      ja:
        `DUNS登録の英語会社名「${dunsName}」と組織名「${org}」が一致しません（違い: ${diff.ja}）。` +
        (abbreviated
          ? '「Company Limited」と「Co., Ltd.」のような略し方の違いも、認証局は別の名前として扱います。'
          : '') +
        '認証局は表記をそのまま比較します。組織名をDUNSの登録どおりにするか、DUNSの登録内容を修正してください。',
      en:
        `The company name registered with DUNS, "${dunsName}", does not match the organization name "${org}" ` +
        `(${diff.en}). ` +
        (abbreviated
          ? 'An abbreviation is a difference too: "Company Limited" is not the same as "Co., Ltd.". '
          : '') +
        'The CA compares them exactly: make the organization name match the DUNS record, or correct the DUNS record.',
    },
  };
}

function containsWords(haystack: string, needle: string): boolean {
  return needle !== '' && ` ${haystack} `.includes(` ${needle} `);
}

function postalFound(dunsKey: string, postal: string): boolean {
  const p = looseKey(postal);
  if (/^\d{7}$/.test(p))
    return containsWords(dunsKey, p) || containsWords(dunsKey, `${p.slice(0, 3)} ${p.slice(3)}`);
  return containsWords(dunsKey, p);
}

const PART_NAMES: Record<'address' | 'city' | 'prefecture' | 'postalCode', Text> = {
  address: { ja: '住所', en: 'street address' },
  city: { ja: '市区町村', en: 'city' },
  prefecture: { ja: '都道府県', en: 'prefecture' },
  postalCode: { ja: '郵便番号', en: 'postal code' },
};

function checkAddress(f: Fields, dunsAddress: string): DunsMismatch | undefined {
  const dunsKey = looseKey(dunsAddress);
  const parts = (['address', 'city', 'prefecture', 'postalCode'] as const).filter((k) => f[k]);
  const missing = parts.filter((k) => {
    const v = f[k]!;
    return k === 'postalCode' ? !postalFound(dunsKey, v) : !containsWords(dunsKey, looseKey(v));
  });
  if (missing.length === 0) return undefined;
  const composed = [f.address, f.city, [f.prefecture, f.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const list = (lang: 'ja' | 'en') =>
    missing.map((k) => `${PART_NAMES[k][lang]} "${f[k]}"`).join(t(words.listSeparator, lang));
  return {
    duns: 'dunsAddress',
    registrant: missing,
    message: {
      ja:
        `DUNS登録の英語住所「${dunsAddress}」に、申請内容の ${list('ja')} が見つかりません。` +
        `申請内容の住所: 「${composed}」。認証局はDUNSの住所と申請内容を比較します。どちらかを修正して一致させてください。`,
      en:
        `The address registered with DUNS, "${dunsAddress}", does not contain the ${list('en')} of the application ` +
        `("${composed}"). The CA compares the two: correct one of them so that they match.`,
    },
  };
}

function phoneKey(value: string): string {
  const p = parsePhoneNumberFromString(value, 'JP');
  return p ? `${p.countryCallingCode}:${p.nationalNumber}` : `81:${nationalDigits(value)}`;
}

function checkPhone(dunsPhone: string, phone: string): DunsMismatch | undefined {
  if (phoneKey(dunsPhone) === phoneKey(phone)) return undefined;
  const d = displayValue('dunsPhone', dunsPhone, 'en');
  const p = displayValue('phone', phone, 'en');
  return {
    duns: 'dunsPhone',
    registrant: ['phone'],
    message: {
      ja: `DUNS登録の電話番号「${d}」と申請内容の電話番号「${p}」が一致しません。DUNSに登録した番号で申請するか、DUNSの登録内容を修正してください（手順6の Contact Phone No にもDUNSの番号を使います）。`,
      en: `The phone number registered with DUNS, "${d}", differs from the application's phone number "${p}". Apply with the DUNS number or correct the DUNS record (step 6 also asks for the DUNS number as Contact Phone No).`,
    },
  };
}

/** Compares the DUNS-registered name, address and phone with the application; only pairs both present. */
export function crossCheckDuns(fields: Fields): DunsMismatch[] {
  const out: (DunsMismatch | undefined)[] = [];
  if (fields.dunsName && fields.organizationName)
    out.push(checkName(fields.dunsName, fields.organizationName));
  if (fields.dunsAddress) out.push(checkAddress(fields, fields.dunsAddress));
  if (fields.dunsPhone && fields.phone) out.push(checkPhone(fields.dunsPhone, fields.phone));
  return out.filter((m): m is DunsMismatch => m !== undefined);
}
