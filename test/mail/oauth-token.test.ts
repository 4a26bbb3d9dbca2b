import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { OAuthTokenError, OAuthTokenSource, sharedTokenSource } from '../../src/mail/oauth-token.js';
import { freePort } from '../support/free-port.js';
import { type FakeOAuthServer, startOAuthServer } from '../support/oauth-server.js';

let oauth: FakeOAuthServer;
beforeAll(async () => {
  oauth = await startOAuthServer();
});
afterAll(async () => {
  await oauth?.stop();
});
beforeEach(() => {
  oauth.expiresIn = 3600;
  oauth.delayMs = 0;
  oauth.rotate = false;
  oauth.failNext(0, 0, '');
});

const SCOPE =
  'https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send offline_access';

/** A source against the fake endpoint, on a clock the test moves, logging into `lines`. */
function source(lines: string[] = [], extra: { clientSecret?: string; scope?: string } = {}) {
  let now = Date.now();
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  });
  const tokens = new OAuthTokenSource(
    {
      tokenUrl: oauth.tokenUrl,
      clientId: oauth.clientId,
      clientSecret: extra.clientSecret ?? oauth.clientSecret,
      refreshToken: oauth.refreshToken,
      ...(extra.scope ? { scope: extra.scope } : {}),
    },
    { logger, now: () => now },
  );
  return { tokens, advance: (ms: number) => (now += ms) };
}

async function caught(p: Promise<unknown>): Promise<OAuthTokenError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(OAuthTokenError);
    return err as OAuthTokenError;
  }
  throw new Error('expected a rejection');
}

describe('OAuthTokenSource against a token endpoint', () => {
  it('refreshes with a form POST (RFC 6749 §6) and caches the token until 2 minutes before it expires', async () => {
    const before = oauth.refreshes;
    const { tokens, advance } = source([], { scope: SCOPE });
    const first = await tokens.getToken();
    expect(oauth.isValid(first)).toBe(true);
    const form = oauth.requests.at(-1)!;
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      refresh_token: oauth.refreshToken,
      scope: SCOPE,
    });
    advance(3600_000 - 121_000);
    expect(await tokens.getToken()).toBe(first);
    expect(oauth.refreshes - before).toBe(1);

    advance(2_000); // now within 2 minutes of expiry
    const second = await tokens.getToken();
    expect(second).not.toBe(first);
    expect(oauth.refreshes - before).toBe(2);
  });

  it('sends no client_secret for a public client', async () => {
    const { tokens } = source([], { clientSecret: '' });
    await caught(tokens.getToken());
    expect(oauth.requests.at(-1)!.has('client_secret')).toBe(false);
  });

  it('lets concurrent callers share one refresh', async () => {
    oauth.delayMs = 100;
    const before = oauth.refreshes;
    const { tokens } = source();
    const got = await Promise.all(Array.from({ length: 8 }, () => tokens.getToken()));
    expect(new Set(got).size).toBe(1);
    expect(oauth.refreshes - before).toBe(1);
  });

  it('refreshes after invalidate(), but not for a token that was already replaced', async () => {
    const before = oauth.refreshes;
    const { tokens } = source();
    const first = await tokens.getToken();
    tokens.invalidate(first);
    const second = await tokens.getToken();
    expect(second).not.toBe(first);
    tokens.invalidate(first); // a late failure with the old token
    expect(await tokens.getToken()).toBe(second);
    tokens.invalidate();
    expect(await tokens.getToken()).not.toBe(second);
    expect(oauth.refreshes - before).toBe(3);
  });

  it('uses a rotated refresh token from then on (in memory)', async () => {
    oauth.rotate = true;
    const { tokens } = source();
    const configured = oauth.refreshToken;
    await tokens.getToken();
    expect(oauth.refreshToken).not.toBe(configured); // the endpoint now accepts only the new one
    tokens.invalidate();
    await tokens.getToken();
    expect(oauth.requests.at(-1)!.get('refresh_token')).not.toBe(configured);
    // A restart starts again from the configured token, which this endpoint (unlike Google's and
    // Microsoft's) no longer honours: the error says what to do.
    const restarted = new OAuthTokenSource({
      tokenUrl: oauth.tokenUrl,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      refreshToken: configured,
    });
    expect((await caught(restarted.getToken())).oauthError).toBe('invalid_grant');
  });

  it('turns invalid_grant into a clear error naming the host and code, never a secret or token', async () => {
    const lines: string[] = [];
    const { tokens } = source(lines);
    oauth.failNext(
      1,
      400,
      'invalid_grant',
      `Token has been expired or revoked: ${oauth.refreshToken} (client ${oauth.clientSecret})`,
    );
    const err = await caught(tokens.getToken());
    const host = new URL(oauth.tokenUrl).host;
    expect(err.message).toBe(
      `OAuth2 token refresh at ${host} failed: invalid_grant (HTTP 400). Fix: the refresh token expired, was revoked or belongs to another client: sign in again to get a new one and set MAIL_OAUTH_REFRESH_TOKEN`,
    );
    expect(err).toMatchObject({ code: 'oauth_token_failed', oauthError: 'invalid_grant', status: 400 });
    for (const text of [err.message, err.description ?? '', lines.join('')]) {
      expect(text).not.toContain(oauth.refreshToken);
      expect(text).not.toContain(oauth.clientSecret);
    }
    expect(err.description).toContain('[redacted]');
    expect(lines.join('')).toContain('invalid_grant');
  });

  it.each([
    { status: 401, error: 'invalid_client', fix: /MAIL_OAUTH_CLIENT_ID/ },
    { status: 400, error: 'invalid_scope', fix: /MAIL_OAUTH_SCOPE/ },
    { status: 503, error: 'temporarily_unavailable', fix: /tries again/ },
  ])('explains $error (HTTP $status)', async ({ status, error, fix }) => {
    const { tokens } = source();
    oauth.failNext(1, status, error);
    const err = await caught(tokens.getToken());
    expect(err.message).toContain(`${error} (HTTP ${status})`);
    expect(err.hint).toMatch(fix);
  });

  it('reports an unreachable endpoint by its host and the network error', async () => {
    const port = await freePort();
    const tokens = new OAuthTokenSource({
      tokenUrl: `http://127.0.0.1:${port}/token`,
      clientId: 'c',
      refreshToken: 'a-refresh-token',
    });
    const err = await caught(tokens.getToken());
    expect(err.message).toContain(
      `OAuth2 token refresh at 127.0.0.1:${port} failed: network_error ECONNREFUSED`,
    );
    expect(err.message).not.toContain('a-refresh-token');
  });

  it('keeps using a still-valid token when a refresh inside the margin fails', async () => {
    const { tokens, advance } = source();
    const first = await tokens.getToken();
    advance(3600_000 - 60_000); // a minute left: refresh is due
    oauth.failNext(1, 500, 'server_error');
    expect(await tokens.getToken()).toBe(first);
    advance(60_000); // expired: the failure now reaches the caller
    oauth.failNext(1, 500, 'server_error');
    expect((await caught(tokens.getToken())).status).toBe(500);
  });

  it('never logs a token', async () => {
    const lines: string[] = [];
    const { tokens } = source(lines);
    const token = await tokens.getToken();
    expect(lines.join('')).toContain('OAuth2 access token refreshed');
    expect(lines.join('')).not.toContain(token);
    expect(lines.join('')).not.toContain(oauth.refreshToken);
  });
});

describe('sharedTokenSource', () => {
  it('gives the email channel and reminder mail one source per settings: one refresh serves both', async () => {
    const settings = {
      tokenUrl: oauth.tokenUrl,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      refreshToken: oauth.refreshToken,
    };
    const logger = createLogger({ level: 'silent' });
    const mail = sharedTokenSource(settings, logger);
    const reminders = sharedTokenSource(settings, logger);
    expect(reminders).toBe(mail);
    const before = oauth.refreshes;
    expect(await reminders.getToken()).toBe(await mail.getToken());
    expect(oauth.refreshes - before).toBe(1);
    // Other settings (another configuration read): another source.
    expect(sharedTokenSource({ ...settings }, logger)).not.toBe(mail);
  });
});
