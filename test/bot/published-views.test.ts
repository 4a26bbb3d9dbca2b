import { describe, expect, it } from 'vitest';
import { PublishedViews } from '../../src/bot/published-views.js';

describe('PublishedViews', () => {
  it('trusts a view for maxAgeMs only, forgets on request, and keeps at most maxUsers', () => {
    let now = 0;
    const views = new PublishedViews(60_000, 2, () => now);
    views.record('T1:U1', '{"a":1}');
    expect(views.same('T1:U1', '{"a":1}')).toBe(true);
    expect(views.same('T1:U1', '{"a":2}')).toBe(false);
    expect(views.same('T1:U2', '{"a":1}')).toBe(false);
    now = 59_999;
    expect(views.same('T1:U1', '{"a":1}')).toBe(true);
    now = 60_000;
    // Another instance may have published since: after a minute the view is sent again.
    expect(views.same('T1:U1', '{"a":1}')).toBe(false);
    views.record('T1:U1', '{"a":1}');
    views.forget('T1:U1');
    expect(views.same('T1:U1', '{"a":1}')).toBe(false);
    views.record('T1:U1', 'x');
    views.record('T1:U2', 'y');
    views.record('T1:U1', 'x');
    views.record('T1:U3', 'z');
    // U2 was the least recently published: dropped.
    expect(views.same('T1:U2', 'y')).toBe(false);
    expect(views.same('T1:U1', 'x')).toBe(true);
    expect(views.same('T1:U3', 'z')).toBe(true);
  });
});
