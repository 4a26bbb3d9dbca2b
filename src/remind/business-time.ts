import { type HolidayCalendar, isJapaneseDayOff } from './jp-holidays.js';

/**
 * Local time in an IANA zone without a date library: Intl gives the wall-clock parts of an instant, and
 * the zone offset found that way turns a wall-clock time back into an instant (two passes cover DST).
 */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Per zone, its offset from UTC (ms) for each quarter hour asked about. Since 1972 (when Liberia left
 * −0:44:30) every zone's offset is a whole number of quarter hours and changes at a whole local hour, so
 * on a quarter hour of UTC: one Intl reading serves the quarter (dates before 1972 may be off by
 * minutes; certificates are not that old): planning a reminder reads local time a dozen times, and Intl's
 * formatToParts was most of the planning's cost (`npm run bench:reminders`).
 */
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 900_000;
/** Quarter hours kept per zone before the zone's cache starts again (about seven months of them). */
const MAX_QUARTERS = 20_000;

/** The zone's offset from UTC at `at` (ms; Asia/Tokyo: +9 h). */
export function zoneOffset(at: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const quarter = Math.floor(at / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR;
    const parts: Record<string, string> = {};
    for (const p of formatter(timeZone).formatToParts(start)) parts[p.type] = p.value;
    const wall = new Date(0);
    wall.setUTCFullYear(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
    wall.setUTCHours(Number(parts.hour), Number(parts.minute));
    offset = wall.getTime() - start;
    if (zone.size >= MAX_QUARTERS) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

export function localParts(at: number, timeZone: string): LocalParts {
  const wall = new Date(at + zoneOffset(at, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
  };
}

/** The instant of a wall-clock time in `timeZone` (day may overflow: Date.UTC normalises it). */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - zoneOffset(guess, timeZone);
  return guess - zoneOffset(first, timeZone);
}

export interface Hours {
  timeZone: string;
  businessHours: [number, number];
  workDays: number[];
  /** Holidays that count like a weekend day (a date in `timeZone`); unset: none. */
  holidays?: HolidayCalendar;
  /** With `holidays: 'jp'`, 12/31-1/3 are days off too (default true). */
  yearEndClosure?: boolean;
}

/** Days searched for a working day: covers Golden Week or the year end next to a weekend, sparse work days. */
const SEARCH_DAYS = 31;

/** Is `at` inside business hours on a working day (not a holiday of the team's calendar) in the team's zone? */
export function isBusinessTime(at: number, hours: Hours): boolean {
  const p = localParts(at, hours.timeZone);
  if (!hours.workDays.includes(p.weekday)) return false;
  if (p.hour < hours.businessHours[0] || p.hour >= hours.businessHours[1]) return false;
  return !(
    hours.holidays === 'jp' &&
    isJapaneseDayOff(p.year, p.month, p.day, { yearEndClosure: hours.yearEndClosure ?? true })
  );
}

/**
 * The first business-hours instant at or after `at`: a reminder due at night, on a weekend or on a holiday
 * goes out at the start of the next working day.
 */
export function nextBusinessTime(at: number, hours: Hours): number {
  if (isBusinessTime(at, hours)) return at;
  const [start] = hours.businessHours;
  const p = localParts(at, hours.timeZone);
  for (let d = 0; d <= SEARCH_DAYS; d++) {
    const candidate = zonedTime(p.year, p.month, p.day + d, start, hours.timeZone);
    if (candidate >= at && isBusinessTime(candidate, hours)) return candidate;
  }
  return at; // no working day configured at all: send when due
}

/**
 * The last business-hours start at or before `at` (a reminder is moved earlier, never later, so a
 * "1 day left" reminder due on a Saturday, or in Golden Week, arrives on the working morning before, ahead
 * of the expiry).
 */
export function previousBusinessTime(at: number, hours: Hours): number {
  if (isBusinessTime(at, hours)) return at;
  const [start] = hours.businessHours;
  const p = localParts(at, hours.timeZone);
  for (let d = 0; d <= SEARCH_DAYS; d++) {
    const candidate = zonedTime(p.year, p.month, p.day - d, start, hours.timeZone);
    if (candidate <= at && isBusinessTime(candidate, hours)) return candidate;
  }
  return at;
}
