import { describe, expect, it } from 'vitest';
import { localParts, zonedTime, zoneOffset } from '../../src/remind/business-time.js';

/** What Intl says the wall clock shows at `at` in `timeZone` (no cache involved). */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlParts(at: number, timeZone: string) {
  const parts: Record<string, string> = {};
  const f =
    formats.get(timeZone) ??
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  formats.set(timeZone, f);
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const weekday = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }[parts.weekday ?? ''];
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday,
  };
}

// Zones with DST at odd offsets (Lord Howe: 30 min steps; Chatham: +12:45/+13:45), none (Tokyo,
// Kathmandu +05:45), and the usual ones; a zone that dropped DST (Sao Paulo, 2019).
const ZONES = [
  'Asia/Tokyo',
  'Asia/Kathmandu',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'UTC',
];

describe('local time in a zone (quarter-hour offset cache)', () => {
  it('agrees with Intl minute by minute across each zone’s transitions of 2026-2029', () => {
    for (const zone of ZONES) {
      // Find the instants where the offset changes, by hour, then check every minute around each.
      const changes: number[] = [];
      const start = Date.UTC(2026, 0, 1);
      const end = Date.UTC(2030, 0, 1);
      let before = intlParts(start, zone);
      for (let at = start + 3_600_000; at < end; at += 3_600_000) {
        const now = intlParts(at, zone);
        const expectedHour = (before.hour + 1) % 24;
        if (now.hour !== expectedHour || now.minute !== before.minute) changes.push(at);
        before = now;
      }
      if (zone === 'America/New_York' || zone === 'Australia/Lord_Howe' || zone === 'Pacific/Chatham')
        expect(changes.length, zone).toBeGreaterThanOrEqual(8);
      for (const change of changes) {
        for (let at = change - 2 * 3_600_000; at <= change + 3_600_000; at += 60_000) {
          expect(localParts(at, zone), `${zone} ${new Date(at).toISOString()}`).toEqual(intlParts(at, zone));
        }
      }
      // And at random instants (seconds and milliseconds included).
      for (let i = 0; i < 500; i++) {
        const at = start + Math.floor(Math.random() * (end - start));
        expect(localParts(at, zone), `${zone} ${new Date(at).toISOString()}`).toEqual(intlParts(at, zone));
      }
    }
  });

  it('gives the offsets a person would name, and turns wall-clock times back into instants', () => {
    expect(zoneOffset(Date.UTC(2026, 5, 1), 'Asia/Tokyo')).toBe(9 * 3_600_000);
    expect(zoneOffset(Date.UTC(2026, 5, 1), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
    expect(zoneOffset(Date.UTC(2026, 0, 15), 'Pacific/Chatham')).toBe(13.75 * 3_600_000);
    expect(zoneOffset(Date.UTC(2026, 6, 15), 'Pacific/Chatham')).toBe(12.75 * 3_600_000);
    // 09:00 in Tokyo is 00:00 UTC; 09:00 in New York in July is 13:00 UTC (EDT), in January 14:00 (EST).
    expect(zonedTime(2026, 12, 4, 9, 'Asia/Tokyo')).toBe(Date.UTC(2026, 11, 4, 0));
    expect(zonedTime(2026, 7, 1, 9, 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 13));
    expect(zonedTime(2027, 1, 4, 9, 'America/New_York')).toBe(Date.UTC(2027, 0, 4, 14));
  });
});
