import { describe, expect, it } from 'vitest';
import type { CtState } from '../../src/ct/ct-state.js';

/** What every CtState does (memory, Redis, SQLite). */
export function ctStateContract(name: string, make: () => CtState): void {
  describe(`CtState (${name})`, () => {
    it('keeps the cursor per domain; a domain is polled once marked, with or without a cursor', async () => {
      const s = make();
      expect(await s.polled('example.co.jp')).toBe(false);
      expect(await s.cursor('example.co.jp')).toBeUndefined();
      await s.markPolled('example.co.jp');
      expect(await s.polled('example.co.jp')).toBe(true);
      expect(await s.cursor('example.co.jp')).toBeUndefined();
      await s.setCursor('example.co.jp', '1005');
      await s.markPolled('example.co.jp');
      expect(await s.cursor('example.co.jp')).toBe('1005');
      expect(await s.polled('other.jp')).toBe(false);
    });

    it('lists every polled domain with its cursor (for export)', async () => {
      const s = make();
      await s.markPolled('a.example.jp');
      await s.setCursor('b.example.jp', '77');
      const all = new Map(await s.cursors());
      expect(all.get('a.example.jp')).toBe('');
      expect(all.get('b.example.jp')).toBe('77');
    });

    it('claims an alert once', async () => {
      const s = make();
      expect(await s.claimAlert('abc')).toBe(true);
      expect(await s.claimAlert('abc')).toBe(false);
      expect(await s.claimAlert('abd')).toBe(true);
    });
  });
}
