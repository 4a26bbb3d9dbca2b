import { maxValidityDays, VALIDITY_CAPS } from '../cert/validity.js';
import { DAY_MS } from '../flow/days.js';
import { nextBusinessTime, previousBusinessTime } from './business-time.js';
import { HOLIDAY_CALENDARS } from './jp-holidays.js';
import type { RemindPolicy, TrackedCertificate } from './types.js';

export const DEFAULT_POLICY: RemindPolicy = {
  thresholdDays: [60, 30, 14, 7, 3, 1],
  lifetimeShares: [0.3, 0.15],
  shortLivedDays: 100,
  maxShare: 0.5,
  timeZone: 'Asia/Tokyo',
  businessHours: [9, 18],
  workDays: [1, 2, 3, 4, 5],
  holidays: 'jp',
  yearEndClosure: true,
  escalateDays: 7,
};

/**
 * A team's policy over the defaults. A field a stored team does not have (saved before it existed) takes
 * the default; an unknown holiday calendar or a non-boolean closure switch does too.
 */
export function resolvePolicy(overrides: Partial<RemindPolicy> = {}): RemindPolicy {
  const p = { ...DEFAULT_POLICY, ...overrides };
  if (!HOLIDAY_CALENDARS.includes(p.holidays)) p.holidays = DEFAULT_POLICY.holidays;
  if (typeof p.yearEndClosure !== 'boolean') p.yearEndClosure = DEFAULT_POLICY.yearEndClosure;
  return p;
}

/** The lifetime in days: notBefore→notAfter, or (entered by hand) the SC-081 cap that fits notAfter. */
export function lifetimeDays(cert: Pick<TrackedCertificate, 'notAfter' | 'notBefore'>): number {
  const end = Date.parse(cert.notAfter);
  if (cert.notBefore) return Math.max(1, Math.round((end - Date.parse(cert.notBefore)) / DAY_MS));
  for (const cap of [...VALIDITY_CAPS].reverse()) {
    if (maxValidityDays(end - cap * DAY_MS) === cap) return cap;
  }
  return 398;
}

/**
 * The thresholds (days before notAfter, largest first) for one certificate. Day thresholds earlier than
 * `maxShare` of the lifetime are dropped (a 60-day reminder on a 47-day certificate is noise); short-lived
 * certificates get shares of their lifetime too; thresholds within 10% of a larger one are merged.
 */
export function thresholdsFor(
  cert: Pick<TrackedCertificate, 'notAfter' | 'notBefore'>,
  policy: RemindPolicy,
) {
  const life = lifetimeDays(cert);
  const all = policy.thresholdDays.filter((d) => d > 0 && d <= life * policy.maxShare);
  if (life <= policy.shortLivedDays) {
    for (const s of policy.lifetimeShares) if (s > 0 && s < 1) all.push(Math.max(1, Math.round(s * life)));
  }
  const sorted = [...new Set(all)].sort((a, b) => b - a);
  const kept: number[] = [];
  for (const t of sorted) {
    const prev = kept[kept.length - 1];
    if (prev === undefined || prev - t >= Math.max(1, Math.ceil(prev * 0.1))) kept.push(t);
  }
  return kept;
}

/** Whole days left (0 on the last day and after expiry). */
export function daysLeft(notAfter: string, now: number): number {
  return Math.max(0, Math.floor((Date.parse(notAfter) - now) / DAY_MS));
}

export interface PlannedReminder {
  threshold: number;
  dueAt: number;
}

/**
 * The next reminder, or undefined when there is none left. Thresholds larger than one already sent are
 * spent; of those whose time has passed (a certificate added late, a snooze, a restart after downtime)
 * only the most urgent is sent, once, at the next business-hours moment. A future threshold is moved
 * *earlier* to business hours (a "1 day left" due on Saturday, or on a holiday of the team's calendar,
 * goes out on the working day before).
 */
export function planNext(
  cert: TrackedCertificate,
  policy: RemindPolicy,
  sent: readonly number[],
  now: number,
): PlannedReminder | undefined {
  if (cert.state !== 'active') return undefined;
  const end = Date.parse(cert.notAfter);
  if (end <= now) return undefined;
  const from = Math.max(now, cert.snoozedUntil ? Date.parse(cert.snoozedUntil) : 0);
  const floor = sent.length > 0 ? Math.min(...sent) : Number.POSITIVE_INFINITY;
  const open = thresholdsFor(cert, policy).filter((t) => t < floor);
  const hours = policy;
  let passed: number | undefined;
  for (const t of open) {
    const slot = previousBusinessTime(end - t * DAY_MS, hours);
    if (slot <= from) passed = t;
    else {
      // The largest future threshold comes first, unless one has already passed (sent now instead).
      if (passed !== undefined) break;
      return { threshold: t, dueAt: slot };
    }
  }
  if (passed === undefined) return undefined;
  const at = nextBusinessTime(from, hours);
  return { threshold: passed, dueAt: at < end ? at : from };
}

export type Revalidation =
  | { type: 'required' }
  | { type: 'required-after'; after: string }
  | { type: 'not-required'; until: string }
  | { type: 'unknown' };

/** Organisation data is reused for 398 days; after that documents and callback come again (EV Guidelines 11.14.3). */
export const REUSE_DAYS = 398;

export function revalidation(
  cert: Pick<TrackedCertificate, 'validatedAt' | 'notAfter'>,
  now: number,
): Revalidation {
  if (!cert.validatedAt) return { type: 'unknown' };
  const until = Date.parse(cert.validatedAt) + REUSE_DAYS * DAY_MS;
  if (until <= now) return { type: 'required' };
  const iso = new Date(until).toISOString();
  return until < Date.parse(cert.notAfter)
    ? { type: 'required-after', after: iso }
    : { type: 'not-required', until: iso };
}

/** A reminder escalates when it is close to expiry and nobody has acknowledged one yet. */
export function shouldEscalate(cert: TrackedCertificate, threshold: number, policy: RemindPolicy): boolean {
  return threshold <= policy.escalateDays && !cert.acknowledgedAt;
}
