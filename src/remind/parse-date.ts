import { zonedTime } from './business-time.js';

/** A date typed by hand is the start of that day in Tokyo (earlier is the safe side for an expiry). */
export function parseDate(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const t = m ? zonedTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 'Asia/Tokyo') : Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * A calendar date typed in a chat (`2027-04-19`, `2027/4/19`, `2027年4月19日`): the start of that day in
 * Tokyo, or undefined for anything else, including a day that does not exist (`2027-02-30`).
 */
export function parseCalendarDate(value: string): string | undefined {
  const m = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(value.normalize('NFKC').trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return new Date(zonedTime(y, mo, d, 0, 'Asia/Tokyo')).toISOString();
}
