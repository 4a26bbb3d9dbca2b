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
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

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
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(at: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
  };
}

function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (at - (at % 60_000));
}

/** The instant of a wall-clock time in `timeZone` (day may overflow: Date.UTC normalises it). */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
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
