import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';

describe('readConfig', () => {
  it('needs nothing: the console on the embedded store', () => {
    expect(readConfig({})).toMatchObject({ env: 'development', lang: 'ja', redis: {} });
  });

  it('reads a Redis URL', () => {
    expect(readConfig({ REDIS_URL: 'rediss://:pw@cache:6380/2', DATA_KEYS: 'dev' }).redis.url).toBe(
      'rediss://:pw@cache:6380/2',
    );
  });

  it('names each bad variable with its fix and never echoes the value', () => {
    try {
      readConfig({ REDIS_URL: 'http://user:s3cret@host', BOT_LANG: 'fr' });
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toMatch(/REDIS_URL: .*redis:\/\/.*Fix:/);
      expect(message).toMatch(/BOT_LANG: .*Fix:/);
      expect(message).not.toContain('s3cret');
    }
  });
});
