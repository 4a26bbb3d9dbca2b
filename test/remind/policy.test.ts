import { describe, expect, it } from 'vitest';
import { maxValidityDays } from '../../src/cert/validity.js';
import { localParts, nextBusinessTime, previousBusinessTime } from '../../src/remind/business-time.js';
import { renewalReminder } from '../../src/remind/message.js';
import { nudgesFor } from '../../src/remind/nudges.js';
import {
  DEFAULT_POLICY,
  daysLeft,
  lifetimeDays,
  planNext,
  revalidation,
  shouldEscalate,
  thresholdsFor,
} from '../../src/remind/policy.js';
import { parseReminderCommand } from '../../src/remind/reminder-command.js';
import type { TrackedCertificate } from '../../src/remind/types.js';

const cert = (over: Partial<TrackedCertificate> = {}): TrackedCertificate => ({
  id: 'c1',
  domain: 'www.example.co.jp',
  team: 't',
  notBefore: '2026-04-01T00:00:00Z',
  notAfter: '2026-10-18T00:00:00Z', // 200 days
  source: 'issued',
  generation: 1,
  rev: 1,
  state: 'active',
  createdAt: '2026-04-01T00:00:00Z',
  updatedAt: '2026-04-01T00:00:00Z',
  ...over,
});
const tokyo = (ms: number) => localParts(ms, 'Asia/Tokyo');

describe('SC-081 validity caps', () => {
  it.each([
    ['2026-03-14T00:00:00Z', 398],
    ['2026-03-15T00:00:00Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-15T00:00:00Z', 47],
  ])('a certificate issued %s may live %i days', (at, days) => {
    expect(maxValidityDays(Date.parse(at))).toBe(days);
  });

  it('guesses the lifetime of a hand-entered certificate from its expiry', () => {
    expect(lifetimeDays({ notAfter: '2027-06-01T00:00:00Z' })).toBe(200);
    expect(lifetimeDays({ notAfter: '2029-06-01T00:00:00Z' })).toBe(47);
  });
});

describe('thresholds', () => {
  it.each([
    [398, [60, 30, 14, 7, 3, 1]],
    [200, [60, 30, 14, 7, 3, 1]],
    [100, [30, 15, 7, 3, 1]],
    [47, [14, 7, 3, 1]],
  ])('a %i-day certificate is reminded at %j days', (life, expected) => {
    const nb = Date.parse('2030-01-01T00:00:00Z');
    const c = {
      notBefore: new Date(nb).toISOString(),
      notAfter: new Date(nb + life * 86_400_000).toISOString(),
    };
    expect(thresholdsFor(c, DEFAULT_POLICY)).toEqual(expected);
  });

  it('uses the team policy', () => {
    expect(thresholdsFor(cert(), { ...DEFAULT_POLICY, thresholdDays: [45, 10] })).toEqual([45, 10]);
  });
});

describe('business hours in Asia/Tokyo', () => {
  const hours = DEFAULT_POLICY;
  it('moves a Saturday reminder back to Friday 09:00 JST', () => {
    const sat = Date.parse('2026-10-17T05:00:00Z'); // Saturday 14:00 JST
    const p = tokyo(previousBusinessTime(sat, hours));
    expect([p.weekday, p.day, p.hour]).toEqual([5, 16, 9]);
  });
  it('sends a late-evening catch-up at the next working morning', () => {
    const fridayNight = Date.parse('2026-10-16T12:00:00Z'); // Friday 21:00 JST
    const p = tokyo(nextBusinessTime(fridayNight, hours));
    expect([p.weekday, p.day, p.hour]).toEqual([1, 19, 9]);
  });
  it('keeps a time already inside business hours', () => {
    const t = Date.parse('2026-10-14T03:00:00Z'); // Wednesday 12:00 JST
    expect(nextBusinessTime(t, hours)).toBe(t);
  });
  it('honours another zone', () => {
    const t = Date.parse('2026-10-14T03:00:00Z'); // Tuesday 23:00 in New York
    const ny = { ...hours, timeZone: 'America/New_York' };
    expect(localParts(nextBusinessTime(t, ny), 'America/New_York')).toMatchObject({ day: 14, hour: 9 });
  });
});

describe('planNext', () => {
  const now = Date.parse('2026-05-01T00:00:00Z');
  it('plans the largest threshold first, on a working day in business hours', () => {
    const p = planNext(cert(), DEFAULT_POLICY, [], now)!;
    expect(p.threshold).toBe(60);
    const local = tokyo(p.dueAt);
    expect(local.weekday).toBeLessThanOrEqual(5);
    expect(local.hour).toBeGreaterThanOrEqual(9);
    expect(p.dueAt).toBeLessThanOrEqual(Date.parse('2026-10-18T00:00:00Z') - 60 * 86_400_000);
  });
  it('after a threshold is sent, plans the next smaller one', () => {
    expect(planNext(cert(), DEFAULT_POLICY, [60], now)!.threshold).toBe(30);
  });
  it('a certificate added late gets one catch-up reminder for the most urgent passed threshold', () => {
    const late = Date.parse('2026-10-05T03:00:00Z'); // 13 days left, Monday noon JST
    expect(planNext(cert(), DEFAULT_POLICY, [], late)).toEqual({ threshold: 14, dueAt: late });
    // …and after it, the larger passed thresholds are spent.
    expect(planNext(cert(), DEFAULT_POLICY, [14], late)!.threshold).toBe(7);
  });
  it('a snooze holds everything until it ends, then catches up once', () => {
    const atThirty = Date.parse('2026-09-18T03:00:00Z');
    const snoozed = cert({ snoozedUntil: '2026-10-08T03:00:00Z' });
    const p = planNext(snoozed, DEFAULT_POLICY, [60, 30], atThirty)!;
    expect(p).toEqual({ threshold: 14, dueAt: Date.parse('2026-10-08T03:00:00Z') });
  });
  it('plans nothing for a stopped or expired certificate', () => {
    expect(planNext(cert({ state: 'renewing' }), DEFAULT_POLICY, [], now)).toBeUndefined();
    expect(planNext(cert(), DEFAULT_POLICY, [], Date.parse('2026-10-19T00:00:00Z'))).toBeUndefined();
  });
});

describe('revalidation (organisation data reused for 398 days)', () => {
  const now = Date.parse('2026-09-01T00:00:00Z');
  it.each([
    [undefined, 'unknown'],
    ['2025-01-01T00:00:00Z', 'required'],
    ['2025-09-10T00:00:00Z', 'required-after'],
    ['2026-04-01T00:00:00Z', 'not-required'],
  ])('validated %s → %s', (validatedAt, type) => {
    expect(revalidation(cert(validatedAt ? { validatedAt } : {}), now).type).toBe(type);
  });
});

describe('escalation and messages', () => {
  it('escalates near expiry only while nobody acknowledged', () => {
    expect(shouldEscalate(cert(), 7, DEFAULT_POLICY)).toBe(true);
    expect(shouldEscalate(cert(), 14, DEFAULT_POLICY)).toBe(false);
    expect(shouldEscalate(cert({ acknowledgedAt: '2026-10-01T00:00:00Z' }), 3, DEFAULT_POLICY)).toBe(false);
  });
  it('says the domain, days left, how to renew and the revalidation status', () => {
    const now = Date.parse('2026-10-04T00:00:00Z');
    const en = renewalReminder({ cert: cert({ validatedAt: '2025-01-01T00:00:00Z' }), lang: 'en', now });
    expect(en.subject).toContain('www.example.co.jp expires in 14 days');
    expect(en.text).toContain('/evssl renew');
    expect(en.text).toContain('full revalidation is needed');
    const ja = renewalReminder({ cert: cert(), lang: 'ja', now, escalateTo: '<@U1>' });
    expect(ja.text).toContain('あと14日');
    expect(ja.text.startsWith('<@U1>')).toBe(true);
    expect(daysLeft('2026-10-18T00:00:00Z', now)).toBe(14);
  });
  it('nudges a stalled verification twice: approval mail and code expiry', () => {
    const n = nudgesFor('verification', '2026-10-01T00:00:00Z');
    expect(n.map((x) => x.nudge)).toEqual(['approval-mail', 'code-expiry']);
    expect(nudgesFor('csr', '2026-10-01T00:00:00Z')).toEqual([]);
  });
});

describe('reminder commands typed in a channel', () => {
  const id = 'c0123456789abcdef';
  it.each([
    [`/evssl snooze ${id} 10`, { type: 'snooze', id, days: 10 }],
    [`スヌーズ ${id} １４日`, { type: 'snooze', id, days: 14 }],
    [`ack ${id}`, { type: 'ack', id }],
    [`確認済み ${id}`, { type: 'ack', id }],
    [`/evssl renewing ${id}`, { type: 'renewing', id }],
    [`done ${id}`, { type: 'done', id }],
  ])('%s', (text, expected) => {
    expect(parseReminderCommand(text)).toEqual(expected);
  });
  it.each(['snooze c1 3', `snooze ${id} 0`, `snooze ${id} 999`, 'done', 'hello'])('ignores %s', (text) => {
    expect(parseReminderCommand(text)).toBeUndefined();
  });
});
