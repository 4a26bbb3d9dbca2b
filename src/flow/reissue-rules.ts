import { catalogue, fill } from './catalogue.js';
import { DAY_MS } from './days.js';
import { fold } from './intents.js';
import type { Application } from './state.js';

/**
 * Dates of the contract and of the organisation's validation, pure (every "now" is passed in).
 * Calendar dates are days in Tokyo (the panel shows them so); Japan has no daylight saving time.
 */
const TOKYO_MS = 9 * 3600 * 1000;

/**
 * Organisation data validated with documents and callback may be reused for 398 days (EV Guidelines
 * 11.14.3, "Age of Validated Data"); after that they come again.
 */
export const REUSE_DAYS = 398;

/** The day in Tokyo of a moment, YYYY-MM-DD. */
export function tokyoDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + TOKYO_MS).toISOString().slice(0, 10);
}

/** The last moment of a Tokyo calendar day (the contract is in force through its last day). */
export function endOfTokyoDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - TOKYO_MS + DAY_MS;
}

function calendarDay(y: number, m: number, d: number): string | undefined {
  const c = new Date(Date.UTC(y, m - 1, d));
  if (c.getUTCMonth() !== m - 1 || c.getUTCDate() !== d) return undefined;
  return c.toISOString().slice(0, 10);
}

/** `2027-11-30`, `2027/11/30`, `2027年11月30日` (full-width digits too): the day, or undefined. */
export function parseDay(text: string): string | undefined {
  const m = /^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?$/.exec(fold(text));
  return m ? calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** `1年`, `1 year`, `12ヶ月`, `24 months`: the contract length in months, or undefined. */
export function parseLengthMonths(text: string): number | undefined {
  const t = fold(text)
    .replace(/(契約|contract|期間|length|の)/g, '')
    .trim();
  const years = /^(\d{1,2})\s*(?:年|年間|years?|y)$/.exec(t);
  if (years) return Number(years[1]) * 12;
  const months = /^(\d{1,3})\s*(?:ヶ月|か月|カ月|ヵ月|箇月|months?|mo)$/.exec(t);
  return months ? Number(months[1]) : undefined;
}

export type ContractAnswer = { ok: true; endsOn: string; fromLength: boolean } | { ok: false };

/**
 * The contract's last day from what a person types: the panel's 契約期間 end date, or the contract
 * length at purchase counted from `start` (the first day of the contract) — its day before the
 * anniversary, as one-year contracts run.
 */
export function parseContractEnd(text: string, start: Date): ContractAnswer {
  const day = parseDay(text);
  if (day) return { ok: true, endsOn: day, fromLength: false };
  const months = parseLengthMonths(text);
  if (!months || months > 120) return { ok: false };
  const [y, m, d] = tokyoDay(start).split('-').map(Number) as [number, number, number];
  const anniversary = Date.UTC(y, m - 1 + months, d);
  return { ok: true, endsOn: new Date(anniversary - DAY_MS).toISOString().slice(0, 10), fromLength: true };
}

export interface ValidationWindow {
  validatedOn?: string;
  /** The last day the organisation data may be reused. */
  reusableUntil?: string;
  /** Documents and callback needed if applying now. Undefined: the date of the last validation is not known. */
  neededNow?: boolean;
}

export function validationWindow(validatedAt: string | undefined, now?: Date): ValidationWindow {
  if (!validatedAt || Number.isNaN(Date.parse(validatedAt))) return {};
  const until = Date.parse(validatedAt) + REUSE_DAYS * DAY_MS;
  return {
    validatedOn: tokyoDay(validatedAt),
    reusableUntil: tokyoDay(new Date(until)),
    ...(now ? { neededNow: until <= now.getTime() } : {}),
  };
}

const W = catalogue('reissueRules', {
  contract: {
    ja: '契約期間の終了日: {end}',
    en: 'Contract ends: {end}',
  },
  cert: { ja: '証明書の有効期限: {end}', en: 'Certificate expires: {end}' },
  reissueNext: {
    ja: '次は契約期間内の「再発行」（無料）です（契約終了 {contract} が証明書の期限 {cert} より後のため）。',
    en: 'Next comes a reissue (再発行, free) within the contract: the contract ({contract}) outlives the certificate ({cert}).',
  },
  renewNext: {
    ja: '次は「更新申請」です（契約終了 {contract} が証明書の期限 {cert} 以前のため）。',
    en: 'Next comes a renewal (更新申請): the contract ends ({contract}) no later than the certificate ({cert}).',
  },
  validated: {
    ja: '組織情報の最終確認: {on}（{until} まで再利用できます）',
    en: 'Organisation last validated: {on} (reusable until {until})',
  },
  validatedUnknown: {
    ja: '組織情報の最終確認日: 不明（398日を超えていれば書類提出と電話確認がもう一度必要です）',
    en: 'Organisation last validated: not known (over 398 days ago, the documents and the callback come again)',
  },
  nextNeeds: {
    ja: '次の再発行・更新（{at}頃）には書類提出と電話確認がもう一度必要です。',
    en: 'The next reissue or renewal (around {at}) needs the documents and the callback again.',
  },
  nextReuses: {
    ja: '次の再発行・更新（{at}頃）では書類提出と電話確認は不要の見込みです。',
    en: 'The next reissue or renewal (around {at}) should not need the documents or the callback.',
  },
});

/** Contract, certificate and validation-window lines for `status` (empty when nothing is known yet). */
export function datesLines(app: Application): string[] {
  const lang = app.lang;
  const lines: string[] = [];
  const cert = app.certificate?.notAfter ? tokyoDay(app.certificate.notAfter) : undefined;
  const contract = app.contract?.endsOn;
  if (contract) lines.push(fill(W.contract, lang, { end: contract }));
  if (cert) lines.push(fill(W.cert, lang, { end: cert }));
  if (contract && cert && app.status === 'issued') {
    const reissue = endOfTokyoDay(contract) > Date.parse(app.certificate!.notAfter);
    lines.push(fill(reissue ? W.reissueNext : W.renewNext, lang, { contract, cert }));
  }
  if (app.status === 'active' && !app.orgValidatedAt) return lines;
  const w = validationWindow(app.orgValidatedAt);
  if (!w.validatedOn) {
    lines.push(W.validatedUnknown[lang]);
    return lines;
  }
  lines.push(fill(W.validated, lang, { on: w.validatedOn, until: w.reusableUntil! }));
  if (cert && w.reusableUntil) {
    const needs = endOfTokyoDay(w.reusableUntil) < Date.parse(app.certificate!.notAfter);
    lines.push(fill(needs ? W.nextNeeds : W.nextReuses, lang, { at: cert }));
  }
  return lines;
}

/** "再発行" / "reissue" said in an issued application's conversation. */
export function isReissueRequest(text: string): boolean {
  const t = fold(text)
    .replace(/^\/?evssl\s+/, '')
    .replace(/[。．.!！]+$/, '');
  return ['reissue', 're-issue', '再発行', '再発行申請', '再発行する', '再発行したい'].includes(t);
}
