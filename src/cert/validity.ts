import { DAY_MS } from '../flow/days.js';

/**
 * Maximum TLS certificate validity by issuance date: Baseline Requirements 6.3.2 as amended by CA/Browser
 * Forum ballot SC-081 (398 days until 2026-03-15, then 200, 100 from 2027-03-15, 47 from 2029-03-15).
 */
const CAPS: ReadonlyArray<{ from: number; days: number }> = [
  { from: Date.UTC(2029, 2, 15), days: 47 },
  { from: Date.UTC(2027, 2, 15), days: 100 },
  { from: Date.UTC(2026, 2, 15), days: 200 },
];

/** Every validity cap there has been or will be, longest first. */
export const VALIDITY_CAPS: readonly number[] = [398, ...CAPS.map((c) => c.days).reverse()];

export function maxValidityDays(issuedAt: Date | number): number {
  const t = typeof issuedAt === 'number' ? issuedAt : issuedAt.getTime();
  return CAPS.find((c) => t >= c.from)?.days ?? 398;
}

/**
 * The validity period in days as the Baseline Requirements count it (section 1.6.1 "Validity Period"):
 * notBefore to notAfter *inclusive* (so one second is added), and any part of a day counts as a day.
 * A certificate from 00:00:00 to 00:00:00 two hundred days later is therefore 201 days long.
 */
export function validityDays(notBefore: Date, notAfter: Date): number {
  const ms = notAfter.getTime() - notBefore.getTime() + 1000;
  return Math.ceil(ms / DAY_MS);
}
