import { describe, expect, it } from 'vitest';
import {
  type Hours,
  isBusinessTime,
  localParts,
  nextBusinessTime,
  previousBusinessTime,
} from '../../src/remind/business-time.js';
import {
  isJapaneseDayOff,
  isJapaneseHoliday,
  isYearEndClosure,
  japaneseDayOff,
  japaneseHolidayName,
  japaneseHolidays,
} from '../../src/remind/jp-holidays.js';
import { DEFAULT_POLICY, planNext, resolvePolicy } from '../../src/remind/policy.js';
import type { RemindPolicy, TrackedCertificate } from '../../src/remind/types.js';

// The Cabinet Office lists (内閣府「国民の祝日について」), 振替休日 and 国民の休日 included.
const OFFICIAL: Record<number, string[]> = {
  2019: [
    '01-01 元日',
    '01-14 成人の日',
    '02-11 建国記念の日',
    '03-21 春分の日',
    '04-29 昭和の日',
    '04-30 国民の休日',
    '05-01 天皇の即位の日',
    '05-02 国民の休日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '05-06 振替休日',
    '07-15 海の日',
    '08-11 山の日',
    '08-12 振替休日',
    '09-16 敬老の日',
    '09-23 秋分の日',
    '10-14 体育の日',
    '10-22 即位礼正殿の儀の行われる日',
    '11-03 文化の日',
    '11-04 振替休日',
    '11-23 勤労感謝の日',
  ],
  2020: [
    '01-01 元日',
    '01-13 成人の日',
    '02-11 建国記念の日',
    '02-23 天皇誕生日',
    '02-24 振替休日',
    '03-20 春分の日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '05-06 振替休日',
    '07-23 海の日',
    '07-24 スポーツの日',
    '08-10 山の日',
    '09-21 敬老の日',
    '09-22 秋分の日',
    '11-03 文化の日',
    '11-23 勤労感謝の日',
  ],
  2021: [
    '01-01 元日',
    '01-11 成人の日',
    '02-11 建国記念の日',
    '02-23 天皇誕生日',
    '03-20 春分の日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '07-22 海の日',
    '07-23 スポーツの日',
    '08-08 山の日',
    '08-09 振替休日',
    '09-20 敬老の日',
    '09-23 秋分の日',
    '11-03 文化の日',
    '11-23 勤労感謝の日',
  ],
  2024: [
    '01-01 元日',
    '01-08 成人の日',
    '02-11 建国記念の日',
    '02-12 振替休日',
    '02-23 天皇誕生日',
    '03-20 春分の日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '05-06 振替休日',
    '07-15 海の日',
    '08-11 山の日',
    '08-12 振替休日',
    '09-16 敬老の日',
    '09-22 秋分の日',
    '09-23 振替休日',
    '10-14 スポーツの日',
    '11-03 文化の日',
    '11-04 振替休日',
    '11-23 勤労感謝の日',
  ],
  2025: [
    '01-01 元日',
    '01-13 成人の日',
    '02-11 建国記念の日',
    '02-23 天皇誕生日',
    '02-24 振替休日',
    '03-20 春分の日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '05-06 振替休日',
    '07-21 海の日',
    '08-11 山の日',
    '09-15 敬老の日',
    '09-23 秋分の日',
    '10-13 スポーツの日',
    '11-03 文化の日',
    '11-23 勤労感謝の日',
    '11-24 振替休日',
  ],
  2026: [
    '01-01 元日',
    '01-12 成人の日',
    '02-11 建国記念の日',
    '02-23 天皇誕生日',
    '03-20 春分の日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '05-06 振替休日',
    '07-20 海の日',
    '08-11 山の日',
    '09-21 敬老の日',
    '09-22 国民の休日',
    '09-23 秋分の日',
    '10-12 スポーツの日',
    '11-03 文化の日',
    '11-23 勤労感謝の日',
  ],
  2027: [
    '01-01 元日',
    '01-11 成人の日',
    '02-11 建国記念の日',
    '02-23 天皇誕生日',
    '03-21 春分の日',
    '03-22 振替休日',
    '04-29 昭和の日',
    '05-03 憲法記念日',
    '05-04 みどりの日',
    '05-05 こどもの日',
    '07-19 海の日',
    '08-11 山の日',
    '09-20 敬老の日',
    '09-23 秋分の日',
    '10-11 スポーツの日',
    '11-03 文化の日',
    '11-23 勤労感謝の日',
  ],
};

describe('Japanese national holidays', () => {
  it.each(Object.keys(OFFICIAL).map(Number))('%i matches the Cabinet Office list', (year) => {
    const got = japaneseHolidays(year).map((h) => `${h.date.slice(5)} ${h.name.ja}`);
    expect(got).toEqual(OFFICIAL[year]);
    for (const h of japaneseHolidays(year)) expect(h.date.startsWith(`${year}-`)).toBe(true);
  });

  it.each([
    [2025, 2, 24, '振替休日'],
    [2025, 5, 6, '振替休日'],
    [2025, 11, 24, '振替休日'],
    [2026, 5, 6, '振替休日'],
    [2026, 9, 22, '国民の休日'],
    [2026, 3, 20, '春分の日'],
    [2026, 9, 23, '秋分の日'],
    [2015, 9, 22, '国民の休日'], // the first "silver week" under the 2007 rules
    [2032, 9, 21, '国民の休日'],
    [2006, 5, 4, '国民の休日'], // before みどりの日 moved to 5/4 (2007)
    [2006, 4, 29, 'みどりの日'],
    [2009, 5, 6, '振替休日'], // 5/3 on a Sunday: the next day that is not a holiday (2007 rule)
    [2018, 12, 24, '振替休日'], // the last Heisei Emperor's Birthday, on a Sunday
    [2002, 7, 20, '海の日'],
    [2002, 9, 16, '振替休日'], // 敬老の日 9/15 on a Sunday, before Happy Monday
  ])('%i-%i-%i is %s', (y, m, d, name) => {
    expect(isJapaneseHoliday(y, m, d)).toBe(true);
    expect(japaneseHolidayName(y, m, d)?.ja).toBe(name);
  });

  it.each([
    [2026, 5, 1], // Friday between Showa Day and Golden Week
    [2026, 5, 7],
    [2026, 12, 23], // the Heisei Emperor's Birthday, no longer a holiday
    [2019, 2, 23], // no Emperor's Birthday in 2019
    [2026, 7, 23], // 2020/2021 Olympic moves do not repeat
    [2026, 12, 31],
    [2027, 1, 4],
  ])('%i-%i-%i is an ordinary day', (y, m, d) => {
    expect(isJapaneseHoliday(y, m, d)).toBe(false);
  });

  it('has English names for messages', () => {
    expect(japaneseHolidayName(2026, 5, 6)?.en).toBe('Substitute holiday');
    expect(japaneseHolidayName(2026, 2, 23)?.en).toBe("The Emperor's Birthday");
  });

  it('computes every year of the supported range without gaps or strays', () => {
    for (let y = 2022; y <= 2099; y++) {
      const days = japaneseHolidays(y);
      expect(days.length).toBeGreaterThanOrEqual(16);
      expect(days.length).toBeLessThanOrEqual(22);
      expect(days.filter((h) => h.name.ja === '春分の日')[0]?.date).toMatch(/-03-(19|20|21)$/);
      expect(days.filter((h) => h.name.ja === '秋分の日')[0]?.date).toMatch(/-09-(22|23|24)$/);
      // A substitute holiday never falls on a Sunday, and every Sunday holiday has one.
      for (const h of days) {
        const weekday = new Date(`${h.date}T00:00:00Z`).getUTCDay();
        if (h.name.ja === '振替休日') expect(weekday).not.toBe(0);
      }
      const sundays = days.filter((h) => new Date(`${h.date}T00:00:00Z`).getUTCDay() === 0).length;
      expect(days.filter((h) => h.name.ja === '振替休日')).toHaveLength(sundays);
    }
  });
});

describe('year-end closure (年末年始)', () => {
  it('12/31-1/3 are days off by default, and not national holidays (except 元日)', () => {
    for (const [y, m, d] of [
      [2026, 12, 31],
      [2027, 1, 1],
      [2027, 1, 2],
      [2027, 1, 3],
    ] as const) {
      expect(isYearEndClosure(m, d)).toBe(true);
      expect(isJapaneseDayOff(y, m, d)).toBe(true);
    }
    expect(japaneseDayOff(2026, 12, 31)?.ja).toBe('年末年始休業');
    expect(japaneseDayOff(2027, 1, 1)?.ja).toBe('元日');
    expect(isJapaneseHoliday(2027, 1, 2)).toBe(false);
    expect(isJapaneseDayOff(2026, 12, 30)).toBe(false);
    expect(isJapaneseDayOff(2027, 1, 4)).toBe(false);
  });

  it('can be switched off, leaving the national holidays', () => {
    expect(isJapaneseDayOff(2026, 12, 31, { yearEndClosure: false })).toBe(false);
    expect(isJapaneseDayOff(2027, 1, 2, { yearEndClosure: false })).toBe(false);
    expect(isJapaneseDayOff(2027, 1, 1, { yearEndClosure: false })).toBe(true);
    expect(isJapaneseDayOff(2026, 5, 4, { yearEndClosure: false })).toBe(true);
  });
});

/** A JST wall-clock time as an instant. */
const jst = (iso: string) => Date.parse(`${iso}+09:00`);
const tokyoDay = (ms: number) => {
  const p = localParts(ms, 'Asia/Tokyo');
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} ${p.hour}h`;
};

describe('business time with the holiday calendar', () => {
  const jp: Hours = DEFAULT_POLICY;
  const none: Hours = { ...DEFAULT_POLICY, holidays: 'none' };
  const noClosure: Hours = { ...DEFAULT_POLICY, yearEndClosure: false };

  it('the default policy uses the Japanese calendar with the year-end closure', () => {
    expect(DEFAULT_POLICY.holidays).toBe('jp');
    expect(DEFAULT_POLICY.yearEndClosure).toBe(true);
  });

  it('a holiday is not business time, unless the team has no holiday calendar', () => {
    expect(isBusinessTime(jst('2026-05-04T10:00:00'), jp)).toBe(false);
    expect(isBusinessTime(jst('2026-05-04T10:00:00'), none)).toBe(true);
    // Hours without a calendar (the field unset) count weekends only.
    const { holidays: _, ...bare } = DEFAULT_POLICY;
    expect(isBusinessTime(jst('2026-05-04T10:00:00'), bare)).toBe(true);
  });

  it.each(['2026-05-04T14:00:00', '2026-05-05T14:00:00', '2026-05-06T14:00:00', '2026-05-03T14:00:00'])(
    'a reminder due %s JST (Golden Week) moves back to Friday 2026-05-01 09:00',
    (due) => {
      expect(tokyoDay(previousBusinessTime(jst(due), jp))).toBe('2026-05-01 9h');
    },
  );

  it('a team with holidays "none" keeps a Golden Week weekday', () => {
    expect(previousBusinessTime(jst('2026-05-05T14:00:00'), none)).toBe(jst('2026-05-05T14:00:00'));
    expect(tokyoDay(previousBusinessTime(jst('2026-05-03T14:00:00'), none))).toBe('2026-05-01 9h');
  });

  it.each([
    ['2026-09-22T10:00:00', '2026-09-18 9h'], // 国民の休日 between 敬老の日 and 秋分の日
    ['2025-11-24T10:00:00', '2025-11-21 9h'], // 振替休日
    ['2027-03-22T10:00:00', '2027-03-19 9h'], // 振替休日 of the vernal equinox
    ['2026-01-12T10:00:00', '2026-01-09 9h'], // 成人の日 (Happy Monday)
    ['2026-12-31T10:00:00', '2026-12-30 9h'], // year-end closure
    ['2027-01-04T08:00:00', '2026-12-30 9h'], // early Monday morning after the New Year break
  ])('due %s JST goes out at %s', (due, expected) => {
    expect(tokyoDay(previousBusinessTime(jst(due), jp))).toBe(expected);
  });

  it('the year-end closure is a switch of its own', () => {
    expect(previousBusinessTime(jst('2026-12-31T10:00:00'), noClosure)).toBe(jst('2026-12-31T10:00:00'));
    expect(tokyoDay(previousBusinessTime(jst('2027-01-01T10:00:00'), noClosure))).toBe('2026-12-31 9h');
  });

  it('a catch-up sent later skips holidays forward too', () => {
    expect(tokyoDay(nextBusinessTime(jst('2026-05-02T10:00:00'), jp))).toBe('2026-05-07 9h');
    expect(tokyoDay(nextBusinessTime(jst('2026-12-30T19:00:00'), jp))).toBe('2027-01-04 9h');
    expect(tokyoDay(nextBusinessTime(jst('2026-12-30T19:00:00'), noClosure))).toBe('2026-12-31 9h');
    expect(tokyoDay(nextBusinessTime(jst('2026-05-02T10:00:00'), none))).toBe('2026-05-04 9h');
  });

  it('finds a working day past a long break with few work days', () => {
    // Mondays only: 2024-09-16 敬老の日 and 2024-09-23 振替休日 are both Mondays → 2024-09-30.
    const mondays: Hours = { ...DEFAULT_POLICY, workDays: [1] };
    expect(tokyoDay(nextBusinessTime(jst('2024-09-14T10:00:00'), mondays))).toBe('2024-09-30 9h');
    expect(tokyoDay(previousBusinessTime(jst('2024-09-27T10:00:00'), mondays))).toBe('2024-09-09 9h');
  });
});

describe('planNext with holidays', () => {
  const cert: TrackedCertificate = {
    id: 'c1',
    domain: 'www.example.co.jp',
    team: 't',
    notBefore: '2025-10-18T03:00:00Z',
    notAfter: '2026-05-06T03:00:00Z', // 12:00 JST on the substitute holiday
    source: 'issued',
    generation: 1,
    rev: 1,
    state: 'active',
    createdAt: '2025-10-18T00:00:00Z',
    updatedAt: '2025-10-18T00:00:00Z',
  };
  const now = Date.parse('2026-04-27T00:00:00Z');
  const plan = (policy: RemindPolicy) => planNext(cert, policy, [60, 30, 14, 7, 3], now);

  it('a "1 day left" reminder due in Golden Week goes out on Friday 2026-05-01', () => {
    expect(plan(DEFAULT_POLICY)).toEqual({ threshold: 1, dueAt: jst('2026-05-01T09:00:00') });
  });

  it('a team with holidays "none" gets it on the day', () => {
    expect(plan(resolvePolicy({ holidays: 'none' }))).toEqual({
      threshold: 1,
      dueAt: jst('2026-05-05T12:00:00'),
    });
  });
});

describe('resolvePolicy keeps stored teams working', () => {
  it('a policy saved before the holiday fields existed gets the defaults', () => {
    const stored = JSON.parse('{"workDays":[1,2,3,4,5,6],"businessHours":[8,20]}') as Partial<RemindPolicy>;
    expect(resolvePolicy(stored)).toMatchObject({
      holidays: 'jp',
      yearEndClosure: true,
      workDays: [1, 2, 3, 4, 5, 6],
    });
  });
  it('a stored opt-out is kept; a value it does not know falls back to the default', () => {
    expect(resolvePolicy({ holidays: 'none', yearEndClosure: false })).toMatchObject({
      holidays: 'none',
      yearEndClosure: false,
    });
    const odd = JSON.parse('{"holidays":"us","yearEndClosure":"no"}') as Partial<RemindPolicy>;
    expect(resolvePolicy(odd)).toMatchObject({ holidays: 'jp', yearEndClosure: true });
  });
});
