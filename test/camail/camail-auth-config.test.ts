import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';

describe('CA_MAIL_REQUIRE_AUTH', () => {
  it('is on by default in production only, and can be set either way', () => {
    const keys = { DATA_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}` };
    expect(readConfig({ NODE_ENV: 'production', ...keys }).camail.requireAuth).toBe(true);
    expect(readConfig({}).camail.requireAuth).toBe(false);
    expect(readConfig({ CA_MAIL_REQUIRE_AUTH: 'true' }).camail.requireAuth).toBe(true);
    expect(
      readConfig({ NODE_ENV: 'production', CA_MAIL_REQUIRE_AUTH: 'false', ...keys }).camail.requireAuth,
    ).toBe(false);
  });

  it('names the variable and its fix for a bad value', () => {
    expect(() => readConfig({ CA_MAIL_REQUIRE_AUTH: 'yes' })).toThrow(ConfigError);
    expect(() => readConfig({ CA_MAIL_REQUIRE_AUTH: 'yes' })).toThrow(
      /CA_MAIL_REQUIRE_AUTH.*Fix: set CA_MAIL_REQUIRE_AUTH/,
    );
  });
});
