import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';

function issues(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('CT_* and NTA_* / CORPORATE_NUMBER settings', () => {
  it('defaults: both features off', () => {
    const c = readConfig({});
    expect(c.ct).toEqual({ provider: 'off', apiUrl: 'https://api.certspotter.com', pollMinutes: 60 });
    expect(c.nta).toEqual({
      ask: false,
      apiUrl: 'https://api.houjin-bangou.nta.go.jp',
      timeoutMs: 5000,
      cacheDays: 30,
    });
  });

  it('reads the Cert Spotter and webhook settings', () => {
    expect(readConfig({ CT_PROVIDER: 'certspotter', CT_API_KEY: 'k', CT_POLL_MINUTES: '15' }).ct).toEqual({
      provider: 'certspotter',
      apiUrl: 'https://api.certspotter.com',
      apiKey: 'k',
      pollMinutes: 15,
    });
    expect(readConfig({ CT_PROVIDER: 'webhook' }).ct.apiUrl).toBe('http://127.0.0.1:8788/ct/issuances');
  });

  it('NTA_APP_ID turns the question on unless CORPORATE_NUMBER=off says otherwise', () => {
    expect(readConfig({ NTA_APP_ID: 'abc' }).nta).toMatchObject({ ask: true, appId: 'abc' });
    expect(readConfig({ NTA_APP_ID: 'abc', CORPORATE_NUMBER: 'off' }).nta.ask).toBe(false);
    expect(readConfig({ CORPORATE_NUMBER: 'ask' }).nta).toMatchObject({ ask: true });
  });

  it.each([
    [{ CT_PROVIDER: 'crtsh' }, 'CT_PROVIDER'],
    [{ CT_API_URL: 'ftp://x' }, 'CT_API_URL'],
    [{ CT_POLL_MINUTES: '99999' }, 'CT_POLL_MINUTES'],
    [{ CORPORATE_NUMBER: 'yes' }, 'CORPORATE_NUMBER'],
    [{ NTA_TIMEOUT_MS: 'fast' }, 'NTA_TIMEOUT_MS'],
    [{ NTA_API_URL: 'nta.example.invalid' }, 'NTA_API_URL'],
  ])('%j stops the bot naming %s and its fix, never the value', (env, name) => {
    const found = issues(env as Record<string, string>);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: .*Fix: `));
    expect(found[0]).not.toContain(Object.values(env)[0]);
  });

  it('never echoes the application ID or the API key', () => {
    const found = issues({ NTA_APP_ID: 'SECRET-ID', CT_API_KEY: 'SECRET-KEY', CT_PROVIDER: 'nope' });
    expect(found.join('\n')).not.toMatch(/SECRET/);
  });
});
