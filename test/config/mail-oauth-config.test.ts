import { describe, expect, it } from 'vitest';
import { ConfigError, type Env, readConfig } from '../../src/config/config.js';
import { imapOptions } from '../../src/mail/mail-channel.js';

const SECRET = 'GOCSPX-client-secret-value';
const REFRESH = '1//0refresh-token-value';
const OAUTH: Env = {
  MAIL_OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
  MAIL_OAUTH_CLIENT_ID: '00000000-1111-2222-3333-444444444444',
  MAIL_OAUTH_CLIENT_SECRET: SECRET,
  MAIL_OAUTH_REFRESH_TOKEN: REFRESH,
  MAIL_OAUTH_SCOPE:
    'https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send offline_access',
};
const SERVERS: Env = {
  IMAP_URL: 'imaps://outlook.office365.com:993',
  IMAP_USER: 'bot@example.co.jp',
  SMTP_URL: 'smtp://bot%40example.co.jp@smtp.office365.com:587',
  MAIL_FROM: 'bot@example.co.jp',
};

function issues(env: Env): string {
  try {
    readConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('MAIL_OAUTH_* (OAuth2 refreshed by the bot)', () => {
  it('reads the token endpoint, client, refresh token and scope for IMAP and SMTP', () => {
    const { mail } = readConfig({ ...SERVERS, ...OAUTH });
    expect(mail.oauth).toEqual({
      tokenUrl: OAUTH.MAIL_OAUTH_TOKEN_URL,
      clientId: OAUTH.MAIL_OAUTH_CLIENT_ID,
      clientSecret: SECRET,
      refreshToken: REFRESH,
      scope: OAUTH.MAIL_OAUTH_SCOPE,
    });
    // The IMAP login carries only the user: each connection asks the token source for its token.
    expect(imapOptions({ ...mail, imapUrl: mail.imapUrl! }).auth).toEqual({ user: 'bot@example.co.jp' });
  });

  it('accepts a public client (no secret, no scope) and leaves them out', () => {
    const { MAIL_OAUTH_CLIENT_SECRET: _s, MAIL_OAUTH_SCOPE: _c, ...rest } = OAUTH;
    const { mail } = readConfig({ ...SERVERS, ...rest });
    expect(mail.oauth).toEqual({
      tokenUrl: OAUTH.MAIL_OAUTH_TOKEN_URL,
      clientId: OAUTH.MAIL_OAUTH_CLIENT_ID,
      refreshToken: REFRESH,
    });
  });

  it('is off when no MAIL_OAUTH_* is set, or set empty', () => {
    expect(readConfig(SERVERS).mail.oauth).toBeUndefined();
    expect(
      readConfig({ ...SERVERS, MAIL_OAUTH_TOKEN_URL: '', MAIL_OAUTH_CLIENT_ID: ' ' }).mail.oauth,
    ).toBeUndefined();
  });

  it('allows http only to this machine', () => {
    const env = { ...SERVERS, ...OAUTH, MAIL_OAUTH_TOKEN_URL: 'http://127.0.0.1:8080/token' };
    expect(readConfig(env).mail.oauth?.tokenUrl).toBe('http://127.0.0.1:8080/token');
  });

  it.each([
    {
      case: 'a missing refresh token',
      env: { ...SERVERS, ...OAUTH, MAIL_OAUTH_REFRESH_TOKEN: undefined },
      expected: ['MAIL_OAUTH_REFRESH_TOKEN: required with', 'Fix: set MAIL_OAUTH_REFRESH_TOKEN'],
    },
    {
      case: 'a scope alone',
      env: { ...SERVERS, MAIL_OAUTH_SCOPE: 'https://mail.google.com/' },
      expected: [
        'MAIL_OAUTH_TOKEN_URL: required',
        'MAIL_OAUTH_CLIENT_ID: required',
        'MAIL_OAUTH_REFRESH_TOKEN: required',
      ],
    },
    {
      case: 'a token URL over plain http',
      env: { ...SERVERS, ...OAUTH, MAIL_OAUTH_TOKEN_URL: 'http://login.example.com/token' },
      expected: ['MAIL_OAUTH_TOKEN_URL: must be the https:// URL', 'Fix: set MAIL_OAUTH_TOKEN_URL'],
    },
    {
      case: 'a token URL that is no URL',
      env: { ...SERVERS, ...OAUTH, MAIL_OAUTH_TOKEN_URL: 'oauth2.googleapis.com/token' },
      expected: ['MAIL_OAUTH_TOKEN_URL: must be the https:// URL'],
    },
    {
      case: 'a static IMAP access token as well',
      env: { ...SERVERS, ...OAUTH, IMAP_ACCESS_TOKEN: 'ya29.static-imap-token' },
      expected: ['IMAP_ACCESS_TOKEN: cannot be combined with MAIL_OAUTH_*', 'Fix: unset IMAP_ACCESS_TOKEN'],
    },
    {
      case: 'a static SMTP access token as well',
      env: { ...SERVERS, ...OAUTH, SMTP_ACCESS_TOKEN: 'ya29.static-smtp-token' },
      expected: ['SMTP_ACCESS_TOKEN: cannot be combined with MAIL_OAUTH_*'],
    },
    {
      case: 'an IMAP password as well',
      env: { ...SERVERS, ...OAUTH, IMAP_PASSWORD: 'app-password-value' },
      expected: ['IMAP_PASSWORD: cannot be combined with MAIL_OAUTH_*'],
    },
    {
      case: 'a password in SMTP_URL',
      env: {
        ...SERVERS,
        ...OAUTH,
        SMTP_URL: 'smtps://bot%40example.co.jp:app-password-value@smtp.gmail.com:465',
      },
      expected: ['SMTP_URL: has a password', 'smtps://bot%40example.co.jp@smtp.gmail.com:465'],
    },
    {
      case: 'no user for SMTP',
      env: { ...SERVERS, ...OAUTH, SMTP_URL: 'smtp://smtp.office365.com:587' },
      expected: ['SMTP_URL: OAuth2 needs the mailbox user'],
    },
    {
      case: 'no user for IMAP',
      env: { ...SERVERS, ...OAUTH, IMAP_USER: undefined },
      expected: ['IMAP_USER: OAuth2 needs the mailbox user', 'Fix: set IMAP_USER'],
    },
  ])('stops at start on $case, naming the variable and the fix, never a secret', ({ env, expected }) => {
    const message = issues(env as Env);
    for (const text of expected) expect(message).toContain(text);
    for (const secret of [SECRET, REFRESH, 'ya29.static', 'app-password-value'])
      expect(message).not.toContain(secret);
  });
});
