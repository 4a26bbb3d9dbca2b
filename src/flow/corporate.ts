import { catalogue, fill, t } from './catalogue.js';
import type { EngineDeps } from './deps.js';
import type { RegistryLookup, RegistryRecord } from './facts.js';
import { digitsOnly, registrationNumberOf } from './fields/index.js';
import { looseKey } from './fields/normalize.js';
import type { Reply, SummarySection } from './replies.js';
import { textReply } from './replies.js';
import type { Application } from './state.js';
import type { Text } from './types.js';
import { words } from './words.js';

export type { RegistryLookup, RegistryRecord } from './facts.js';

/** Sets the optional questions this deployment offers on a new (or restarted) application. */
export function applyOffers(app: Application, deps: EngineDeps): void {
  if (deps.offers?.corporateNumber) app.offers = { ...app.offers, corporateNumber: true };
}

/** The NTA's terms of use require this notice wherever a service shows data it got from the Web-API. */
export const NTA_NOTICE: Text = {
  ja: 'このサービスは、国税庁法人番号システムのWeb-API機能を利用して取得した情報をもとに作成しているが、サービスの内容は国税庁によって保証されたものではない。',
  en: 'This service uses information obtained through the Web-API of the National Tax Agency’s Corporate Number System, but its content is not guaranteed by the National Tax Agency.',
};

const M = catalogue('corporate', {
  pending: {
    ja: '法人番号 {number} を国税庁の法人番号公表サイトで照会しています。結果は「まとめ」と最終確認に表示します（待たずに先へ進めます）。',
    en: 'Looking up corporate number {number} in the National Tax Agency’s registry. The result will show in the summary and the final review (no need to wait).',
  },
  notFound: {
    ja: '法人番号 {number} は国税庁の法人番号公表サイトに見つかりませんでした。番号をご確認ください（「法人番号を修正」で直せます）。',
    en: 'Corporate number {number} was not found in the National Tax Agency’s registry. Please check it (say "edit corporate number" to change it).',
  },
  closed: {
    ja: '国税庁の登録では、この法人は {date} に閉鎖されています。申請する組織の法人番号か確認してください。',
    en: 'The registry says this corporation was closed on {date}. Check it is the number of the organisation applying.',
  },
  sectionTitle: {
    ja: '国税庁 法人番号公表サイトの登録（参考）',
    en: 'National Tax Agency registry (for reference)',
  },
  note: {
    ja: '郵便番号・都道府県・市区町村は入力の参考です。DUNSの登録内容と定款の記載が優先します。',
    en: 'Postal code, prefecture and city are suggestions only: the DUNS record and the articles win.',
  },
  nameDiffers: {
    ja: '国税庁に登録された英語名「{registered}」と、組織名「{typed}」が一致しません。組織名は定款のローマ字商号・DUNSの登録に合わせてください（国税庁の英語名は参考です）。',
    en: 'The English name registered with the NTA, "{registered}", differs from the organisation name "{typed}". The organisation name must follow the articles and the DUNS record (the NTA’s English name is for reference).',
  },
  suggestion: {
    ja: '参考（国税庁の登録）: {value}',
    en: 'For reference (NTA registry): {value}',
  },
  serialPredicted: {
    ja: 'EV証明書の serialNumber（会社法人等番号）の予定: {serial}',
    en: 'Expected EV certificate serialNumber (company registration number): {serial}',
  },
  serialMatches: {
    ja: '証明書の serialNumber「{got}」は会社法人等番号 {serial} と一致しています。',
    en: 'The certificate’s serialNumber "{got}" matches the company registration number {serial}.',
  },
  serialDiffers: {
    ja: '証明書の serialNumber「{got}」が、法人番号から求めた会社法人等番号 {serial} と一致しません。法人番号の入力と、証明書の組織情報をご確認ください（違っていればクラウドセキュア社に再発行を相談してください）。',
    en: 'The certificate’s serialNumber "{got}" differs from the company registration number {serial} derived from the corporate number. Check the number you gave and the certificate’s organisation details (if it is wrong, ask CloudSecure about a reissue).',
  },
  serialMissing: {
    ja: '証明書の subject に serialNumber（会社法人等番号 {serial} の予定）がありません。EV証明書か確認してください。',
    en: 'The certificate’s subject has no serialNumber (expected {serial}, the company registration number). Check it is the EV certificate.',
  },
});

/** Registered companies carry a company registration number; national agencies and local governments do not. */
function hasRegistrationNumber(record: RegistryRecord | undefined): boolean {
  return !record?.kind || !/^[12]/.test(record.kind);
}

function lookup(app: Application, deps: EngineDeps): RegistryLookup | undefined {
  const n = app.fields.corporateNumber;
  if (!n || !deps.corporateRegistry) return undefined;
  return deps.corporateRegistry(n);
}

export function registryRecord(app: Application, deps: EngineDeps): RegistryRecord | undefined {
  const r = lookup(app, deps);
  return r?.status === 'found' ? r.record : undefined;
}

/** The EV subject serialNumber to expect, when the corporate number is known. */
export function predictedSerial(app: Application, deps: EngineDeps): string | undefined {
  const n = app.fields.corporateNumber;
  if (!n || !hasRegistrationNumber(registryRecord(app, deps))) return undefined;
  return registrationNumberOf(n);
}

/** Said right after the corporate number is accepted: what the registry says, or that it is on its way. */
export function afterCorporateNumber(app: Application, deps: EngineDeps): Reply[] {
  const r = lookup(app, deps);
  const lang = app.lang;
  const number = app.fields.corporateNumber ?? '';
  const out: Reply[] = [];
  const serial = predictedSerial(app, deps);
  if (r?.status === 'pending') out.push(textReply(M.pending, lang, { number }));
  if (r?.status === 'not-found') out.push(textReply(M.notFound, lang, { number }, 'warning'));
  if (r?.status === 'found')
    out.push({ type: 'summary', title: t(M.sectionTitle, lang), sections: [section(app, r.record)] });
  if (r?.status === 'found' && r.record.closeDate)
    out.push(textReply(M.closed, lang, { date: r.record.closeDate }, 'warning'));
  if (serial) out.push(textReply(M.serialPredicted, lang, { serial }));
  return out;
}

function section(app: Application, r: RegistryRecord): SummarySection {
  const lang = app.lang;
  const ja = [r.prefectureName, r.cityName, r.streetNumber].filter(Boolean).join('');
  const en = [r.enAddressOutside || [r.enCityName, r.enPrefectureName].filter(Boolean).join(', ')]
    .filter(Boolean)
    .join('');
  const rows = [
    { label: t(words.corporateNumber, lang), value: r.corporateNumber },
    { label: t(words.registeredName, lang), value: r.name },
    ...(r.furigana ? [{ label: t(words.furigana, lang), value: r.furigana }] : []),
    ...(r.enName ? [{ label: t(words.englishName, lang), value: r.enName }] : []),
    ...(r.postCode ? [{ label: t(words.postalCode, lang), value: postal(r.postCode) }] : []),
    ...(ja ? [{ label: t(words.registeredAddress, lang), value: ja }] : []),
    ...(en ? [{ label: t(words.registeredAddressEn, lang), value: en }] : []),
  ];
  return { title: t(M.sectionTitle, lang), rows, note: `${t(M.note, lang)}\n${t(NTA_NOTICE, lang)}` };
}

function postal(code: string): string {
  const d = digitsOnly(code);
  return d.length === 7 ? `${d.slice(0, 3)}-${d.slice(3)}` : code;
}

/** Summary sections: the number, the expected serialNumber and the registry's record beside them. */
export function corporateSections(app: Application, deps: EngineDeps): SummarySection[] {
  const n = app.fields.corporateNumber;
  if (!n) return [];
  const record = registryRecord(app, deps);
  return record ? [section(app, record)] : [];
}

/** Review warnings: the registered English name against the organisation name (never blocking). */
export function corporateWarnings(app: Application, deps: EngineDeps): Reply[] {
  const record = registryRecord(app, deps);
  const typed = app.fields.organizationName;
  if (!record?.enName || !typed || looseKey(record.enName) === looseKey(typed)) return [];
  return [
    {
      type: 'text',
      tone: 'warning',
      text: `${fill(M.nameDiffers, app.lang, { registered: record.enName, typed })}\n${t(NTA_NOTICE, app.lang)}`,
    },
  ];
}

/** A suggestion shown before the postal code, prefecture and city questions (suggestions only). */
export function registrySuggestion(
  app: Application,
  field: string,
  deps: EngineDeps,
): { text: string; choice?: string } | undefined {
  const r = registryRecord(app, deps);
  if (!r) return undefined;
  const lang = app.lang;
  const value =
    field === 'postalCode'
      ? r.postCode && postal(r.postCode)
      : field === 'prefecture'
        ? [r.enPrefectureName, r.prefectureName].filter(Boolean).join(' / ')
        : field === 'city'
          ? [r.enCityName, r.cityName].filter(Boolean).join(' / ')
          : undefined;
  if (!value) return undefined;
  const text = `${fill(M.suggestion, lang, { value })}\n${t(NTA_NOTICE, lang)}`;
  return field === 'postalCode' && r.postCode ? { text, choice: postal(r.postCode) } : { text };
}

/** Checks the issued certificate's subject serialNumber against the company registration number. */
export function serialCheck(
  app: Application,
  subject: Record<string, string> | undefined,
  deps: EngineDeps,
): Reply | undefined {
  const serial = predictedSerial(app, deps);
  if (!serial || !subject) return undefined;
  const got = subject.serialNumber;
  const lang = app.lang;
  if (got === undefined) return textReply(M.serialMissing, lang, { serial }, 'warning');
  const same = digitsOnly(got) === digitsOnly(serial);
  return {
    type: 'text',
    tone: same ? 'success' : 'warning',
    text: fill(same ? M.serialMatches : M.serialDiffers, lang, { got, serial }),
  };
}
