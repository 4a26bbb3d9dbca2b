import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../src/mail/reconnect.js';

describe('IMAP reconnect delays', () => {
  it('double from 1 s and stop at a minute (after a 3-minute outage the mailbox is read within ~1 min)', () => {
    const delays = Array.from({ length: 12 }, (_, i) => reconnectDelayMs(i + 1));
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60].map((s) => s * 1000));
    // Waiting through a 3-minute outage: the last wait before it ends is at most a minute.
    let t = 0;
    let failures = 0;
    while (t < 180_000) t += reconnectDelayMs(++failures);
    expect(t - 180_000).toBeLessThanOrEqual(60_000);
    expect(reconnectDelayMs(0)).toBe(1000); // a clean end of the session: the shortest wait
  });
});
