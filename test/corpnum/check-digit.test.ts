import { describe, expect, it } from 'vitest';
import { corporateCheckDigit, registrationNumberOf, validateField } from '../../src/flow/fields/index.js';

/** Numbers the National Tax Agency publishes (法人番号公表サイト), with whose number they are. */
const PUBLISHED = [
  ['1180301018771', 'Toyota Motor Corporation'],
  ['7000012050002', 'National Tax Agency (国税庁)'],
  ['5010401067252', 'Sony Group Corporation'],
] as const;

describe('corporate number check digit (NTA specification)', () => {
  it.each(PUBLISHED)('%s (%s) passes its check digit', (number) => {
    expect(corporateCheckDigit(number.slice(1))).toBe(Number(number[0]));
    expect(validateField('corporateNumber', number)).toEqual({ ok: true, value: number });
  });

  it('rejects every single-digit typo of a published number', () => {
    const base = '1180301018771';
    let tried = 0;
    for (let i = 0; i < base.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === base[i]) continue;
        const typo = `${base.slice(0, i)}${d}${base.slice(i + 1)}`;
        // Weights are 1 and 2 and the sum is taken mod 9, so a 0↔9 swap in the body is invisible to
        // the check digit (a limit of the NTA's scheme): those typos are left out.
        if (i > 0 && Math.abs(d - Number(base[i])) === 9) continue;
        tried++;
        const r = validateField('corporateNumber', typo);
        expect(r.ok, typo).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('corporateNumber.checkDigit');
      }
    }
    expect(tried).toBeGreaterThan(100);
  });

  it.each([
    ['１１８０３０１０１８７７１', '1180301018771'],
    ['1-1803-01-018771', '1180301018771'],
    ['1180-3010-1877-1', '1180301018771'],
    ['１ー１８０３ー０１ー０１８７７１', '1180301018771'],
    [' 1180301018771 ', '1180301018771'],
    ['1 1803 01 018771', '1180301018771'],
  ])('accepts %j as %s (full-width digits, hyphens, spaces)', (raw, value) => {
    expect(validateField('corporateNumber', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'corporateNumber.required'],
    ['118030101877', 'corporateNumber.length'],
    ['11803010187712', 'corporateNumber.length'],
    ['1180301O18771', 'corporateNumber.digits'],
    ['T1180301018771', 'corporateNumber.digits'],
    ['2180301018771', 'corporateNumber.checkDigit'],
  ])('refuses %j with %s, in both languages', (raw, code) => {
    const r = validateField('corporateNumber', raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message.ja).toMatch(/法人番号/);
    expect(r.error.message.en).toMatch(/corporate number/i);
  });

  it('explains that 12 digits look like the company registration number', () => {
    const r = validateField('corporateNumber', '180301018771');
    expect(!r.ok && r.error.message.en).toMatch(/company registration number/);
  });

  it('derives the company registration number (会社法人等番号) from the body', () => {
    expect(registrationNumberOf('1180301018771')).toBe('1803-01-018771');
  });
});
