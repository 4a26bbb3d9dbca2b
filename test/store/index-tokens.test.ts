import { describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { digest } from '../../src/store/redis-keys.js';
import { KEY_A, KEY_B } from './redis-helpers.js';

describe('DataKeys.indexTokens', () => {
  it('is stable for a key, one token per data key with the current first, and opaque', () => {
    const value = 'member|email:hanako@example.jp';
    const [a] = new DataKeys([KEY_A]).indexTokens(value);
    expect(new DataKeys([KEY_A]).indexTokens(value)).toEqual([a]);
    const rotated = new DataKeys([KEY_B, KEY_A]).indexTokens(value);
    expect(rotated).toHaveLength(2);
    expect(rotated[1]).toBe(a);
    expect(rotated[0]).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Keyed: not the plain digest anyone can compute from a guessed address.
    expect(a).not.toBe(digest(value));
    expect(new DataKeys([KEY_A]).indexTokens('member|email:taro@example.jp')[0]).not.toBe(a);
  });
});
