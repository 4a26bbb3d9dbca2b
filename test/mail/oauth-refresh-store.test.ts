import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/config.js';
import { MemorySecretCell, SealedRefreshTokenStore } from '../../src/mail/oauth-refresh-store.js';
import { OAuthTokenSource } from '../../src/mail/oauth-token.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { type FakeOAuthServer, startOAuthServer } from '../support/oauth-server.js';

const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 9) }]);
let oauth: FakeOAuthServer;
beforeAll(async () => {
  oauth = await startOAuthServer();
});
afterAll(() => oauth?.stop());

const settings = (refreshToken: string) => ({
  tokenUrl: oauth.tokenUrl,
  clientId: oauth.clientId,
  clientSecret: oauth.clientSecret,
  refreshToken,
});

describe('SealedRefreshTokenStore', () => {
  it('gives back the rotated token only for the configured token it descends from', async () => {
    const cell = new MemorySecretCell();
    const store = new SealedRefreshTokenStore(cell, keys, 'client-a');
    await store.save('rt-configured', 'rt-rotated');
    expect(cell.value).not.toContain('rt-rotated');
    expect(await store.load('rt-configured')).toBe('rt-rotated');
    expect(await store.load('rt-new-sign-in')).toBeUndefined();
    // Bound to its client: the envelope does not open for another one.
    await expect(new SealedRefreshTokenStore(cell, keys, 'client-b').load('rt-configured')).rejects.toThrow();
  });
});

describe('OAuthTokenSource with a refresh-token store', () => {
  it('saves each rotation and starts from the saved token', async () => {
    oauth.rotate = true;
    const configured = oauth.refreshToken;
    const store = new SealedRefreshTokenStore(new MemorySecretCell(), keys, 'c');
    await new OAuthTokenSource(settings(configured), { refreshTokenStore: store }).getToken();
    expect(await store.load(configured)).toBe(oauth.refreshToken);
    await new OAuthTokenSource(settings(configured), { refreshTokenStore: store }).getToken();
    expect(oauth.requests.at(-1)!.get('refresh_token')).not.toBe(configured);
  });

  it('falls back to the configured token once when the saved one is refused', async () => {
    oauth.rotate = false;
    const store = new SealedRefreshTokenStore(new MemorySecretCell(), keys, 'c');
    await store.save(oauth.refreshToken, 'rt-revoked-long-ago');
    const token = await new OAuthTokenSource(settings(oauth.refreshToken), {
      refreshTokenStore: store,
    }).getToken();
    expect(token).toMatch(/^at-/);
    const [refused, used] = oauth.requests.slice(-2);
    expect(refused!.get('refresh_token')).toBe('rt-revoked-long-ago');
    expect(used!.get('refresh_token')).toBe(oauth.refreshToken);
  });
});

describe('MAIL_OAUTH_GRANT=client_credentials', () => {
  const base = {
    MAIL_OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/TENANT/oauth2/v2.0/token',
    MAIL_OAUTH_CLIENT_ID: 'app',
    MAIL_OAUTH_GRANT: 'client_credentials',
  };
  it('needs the secret, no refresh token, and defaults the scope to outlook.office365.com', () => {
    expect(readConfig({ ...base, MAIL_OAUTH_CLIENT_SECRET: 's3cret' }).mail.oauth).toEqual({
      tokenUrl: base.MAIL_OAUTH_TOKEN_URL,
      clientId: 'app',
      clientSecret: 's3cret',
      grant: 'client_credentials',
      scope: 'https://outlook.office365.com/.default',
    });
    expect(() => readConfig(base)).toThrow(/MAIL_OAUTH_CLIENT_SECRET: required/);
    expect(() =>
      readConfig({ ...base, MAIL_OAUTH_CLIENT_SECRET: 's', MAIL_OAUTH_REFRESH_TOKEN: 'r' }),
    ).toThrow(ConfigError);
    expect(() => readConfig({ ...base, MAIL_OAUTH_GRANT: 'password' })).toThrow(/MAIL_OAUTH_GRANT/);
  });
});
