import { DAY_MS } from '../flow/days.js';
import type { Text } from '../flow/types.js';

/**
 * Japanese national holidays (国民の祝日, 振替休日, 国民の休日), computed from the law (祝日法) rather than
 * listed, so the calendar never runs out. Supported range: 2000-2099, law as of 2026, including the one-off
 * dates of 2019 (即位の日, 即位礼正殿の儀) and the Olympic moves of 2020/2021. Outside that range the same
 * rules are applied as a best effort (the equinox formula is only valid 1980-2099, and older law changes
 * are not modelled).
 *
 * Separately, `isYearEndClosure` covers 年末年始 (12/31-1/3): not holidays by law, but most Japanese
 * companies are closed; `isJapaneseDayOff` combines both, with the closure as a switch.
 */

/** Which public-holiday calendar counts like a weekend day: Japan's, or none (weekends only). */
export type HolidayCalendar = 'jp' | 'none';
export const HOLIDAY_CALENDARS: readonly HolidayCalendar[] = ['jp', 'none'];

export interface Holiday {
  /** YYYY-MM-DD (a calendar date, no time zone). */
  date: string;
  name: Text;
}

/** Days since 1970-01-01 of a calendar date (month 1-12; the day may overflow). */
const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
/** 0 = Sunday … 6 = Saturday. */
const weekdayOf = (n: number) => new Date(n * DAY_MS).getUTCDay();

/** Day of the month of the n-th Monday (ハッピーマンデー). */
function nthMonday(y: number, m: number, n: number): number {
  const first = weekdayOf(dayNumber(y, m, 1));
  return 1 + ((8 - first) % 7) + 7 * (n - 1);
}

/** 春分日 / 秋分日 in March / September (the standard approximation, valid 1980-2099). */
export function vernalEquinoxDay(y: number): number {
  return Math.floor(20.8431 + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4));
}
export function autumnalEquinoxDay(y: number): number {
  return Math.floor(23.2488 + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4));
}

const t = (ja: string, en: string): Text => ({ ja, en });
const SUBSTITUTE = t('振替休日', 'Substitute holiday');
const CITIZENS = t('国民の休日', "Citizens' holiday");
export const YEAR_END_CLOSURE = t('年末年始休業', 'Year-end closure');

/** The 国民の祝日 proper of a year: [month, day, name]. */
function nationalHolidays(y: number): [number, number, Text][] {
  const list: [number, number, Text][] = [
    [1, 1, t('元日', "New Year's Day")],
    [1, nthMonday(y, 1, 2), t('成人の日', 'Coming of Age Day')],
    [2, 11, t('建国記念の日', 'National Foundation Day')],
    [3, vernalEquinoxDay(y), t('春分の日', 'Vernal Equinox Day')],
    y >= 2007 ? [4, 29, t('昭和の日', 'Showa Day')] : [4, 29, t('みどりの日', 'Greenery Day')],
    [5, 3, t('憲法記念日', 'Constitution Memorial Day')],
    [5, 5, t('こどもの日', "Children's Day")],
    [9, autumnalEquinoxDay(y), t('秋分の日', 'Autumnal Equinox Day')],
    [11, 3, t('文化の日', 'Culture Day')],
    [11, 23, t('勤労感謝の日', 'Labour Thanksgiving Day')],
  ];
  if (y >= 2007) list.push([5, 4, t('みどりの日', 'Greenery Day')]);
  // 天皇誕生日: 12/23 under Heisei (to 2018), none in 2019, 2/23 from 2020.
  if (y >= 2020) list.push([2, 23, t('天皇誕生日', "The Emperor's Birthday")]);
  else if (y <= 2018) list.push([12, 23, t('天皇誕生日', "The Emperor's Birthday")]);
  const marine = t('海の日', 'Marine Day');
  const mountain = t('山の日', 'Mountain Day');
  const sports = y >= 2020 ? t('スポーツの日', 'Sports Day') : t('体育の日', 'Health and Sports Day');
  if (y === 2020) list.push([7, 23, marine], [7, 24, sports], [8, 10, mountain]);
  else if (y === 2021) list.push([7, 22, marine], [7, 23, sports], [8, 8, mountain]);
  else {
    list.push([7, y >= 2003 ? nthMonday(y, 7, 3) : 20, marine], [10, nthMonday(y, 10, 2), sports]);
    if (y >= 2016) list.push([8, 11, mountain]);
  }
  list.push([9, y >= 2003 ? nthMonday(y, 9, 3) : 15, t('敬老の日', 'Respect for the Aged Day')]);
  if (y === 2019) {
    list.push(
      [5, 1, t('天皇の即位の日', 'Enthronement Day')],
      [10, 22, t('即位礼正殿の儀の行われる日', 'Enthronement Ceremony Day')],
    );
  }
  return list;
}

const cache = new Map<number, Map<number, Text>>();

/** Every holiday of a year by day number: 祝日, then 振替休日, then 国民の休日. */
function holidaysOf(y: number): Map<number, Text> {
  let days = cache.get(y);
  if (days) return days;
  days = new Map();
  for (const [m, d, name] of nationalHolidays(y)) days.set(dayNumber(y, m, d), name);
  const proper = new Set(days.keys());
  // 振替休日: a 祝日 on a Sunday moves to the next day that is not a holiday (until 2006: the Monday only).
  for (const n of proper) {
    if (weekdayOf(n) !== 0) continue;
    let next = n + 1;
    if (y >= 2007) while (days.has(next)) next++;
    if (!days.has(next)) days.set(next, SUBSTITUTE);
  }
  // 国民の休日: a day that is not a holiday, between two 祝日 (until 2006: not on a Sunday either).
  for (const n of proper) {
    const between = n + 1;
    if (proper.has(between + 1) && !days.has(between) && (y >= 2007 || weekdayOf(between) !== 0)) {
      days.set(between, CITIZENS);
    }
  }
  if (cache.size > 200) cache.clear();
  cache.set(y, days);
  return days;
}

/** The name of the national holiday on a date (month 1-12), or undefined on an ordinary day. */
export function japaneseHolidayName(year: number, month: number, day: number): Text | undefined {
  return holidaysOf(year).get(dayNumber(year, month, day));
}

/** Is the date a Japanese national holiday (祝日, 振替休日 or 国民の休日)? Weekends are not counted. */
export function isJapaneseHoliday(year: number, month: number, day: number): boolean {
  return japaneseHolidayName(year, month, day) !== undefined;
}

/** The national holidays of a year, in date order. */
export function japaneseHolidays(year: number): Holiday[] {
  return [...holidaysOf(year)]
    .sort(([a], [b]) => a - b)
    .map(([n, name]) => ({ date: new Date(n * DAY_MS).toISOString().slice(0, 10), name }));
}

/** 年末年始 (12/31-1/3): when most Japanese companies are closed (1/1 is also 元日). */
export function isYearEndClosure(month: number, day: number): boolean {
  return (month === 12 && day === 31) || (month === 1 && day <= 3);
}

export interface DayOffOptions {
  /** Count 12/31-1/3 as days off (default true). */
  yearEndClosure?: boolean;
}

/** Why a date is a day off in Japan (a national holiday, or the year-end closure), or undefined. */
export function japaneseDayOff(
  year: number,
  month: number,
  day: number,
  options: DayOffOptions = {},
): Text | undefined {
  const name = japaneseHolidayName(year, month, day);
  if (name) return name;
  return (options.yearEndClosure ?? true) && isYearEndClosure(month, day) ? YEAR_END_CLOSURE : undefined;
}

/** Is the date a day off in Japan: a national holiday, or (unless switched off) 12/31-1/3? */
export function isJapaneseDayOff(year: number, month: number, day: number, options: DayOffOptions = {}) {
  return japaneseDayOff(year, month, day, options) !== undefined;
}
