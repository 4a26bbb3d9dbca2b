import type { MailOAuthSettings } from '../config/mail.js';
import { CodedError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { metrics } from '../ops/metrics.js';
import type { RefreshTokenStore } from './oauth-refresh-store.js';

/** What an IMAP or SMTP connection asks for its bearer token (XOAUTH2 / OAUTHBEARER). */
export interface AccessTokenSource {
  /** A token that stays valid for a while yet; refreshed first when there is none or it is about to expire. */
  getToken(): Promise<string>;
  /**
   * A server refused `token` (or the cached one, when not given): forget it so that the next getToken()
   * refreshes. A token that was already replaced is left alone, so many connections failing with the
   * same stale token cause one refresh, not one each.
   */
  invalidate(token?: string): void;
}

export interface OAuthTokenOptions {
  logger?: Logger;
  /** Refresh when the token expires within this (default 2 minutes: a login is never attempted with a dying token). */
  refreshMarginMs?: number;
  /** Give up on the token endpoint after this long (default 15 s). */
  timeoutMs?: number;
  now?: () => number;
  /** Keeps a rotated refresh token across restarts (sealed with DATA_KEYS); unset: memory only. */
  refreshTokenStore?: RefreshTokenStore;
}

/**
 * The token endpoint refused or failed. The message names the endpoint's host and the OAuth2 error
 * code (RFC 6749 §5.2) or the network failure, with a fix; never a token, a secret or the provider's
 * free-text description (kept in `description`, scrubbed, for the log).
 */
export class OAuthTokenError extends CodedError {
  constructor(
    readonly host: string,
    /** `invalid_grant`, `invalid_client`, …; `network_error`, `timeout` or `invalid_response` from our side. */
    readonly oauthError: string,
    readonly status: number | undefined,
    hint: string,
    readonly description?: string,
  ) {
    super(
      'oauth_token_failed',
      `OAuth2 token refresh at ${host} failed: ${oauthError}${status ? ` (HTTP ${status})` : ''}. Fix: ${hint}`,
      { hint },
    );
  }
}

const HINTS: Record<string, string> = {
  invalid_grant:
    'the refresh token expired, was revoked or belongs to another client: sign in again to get a new one and set MAIL_OAUTH_REFRESH_TOKEN',
  invalid_client: 'check MAIL_OAUTH_CLIENT_ID and MAIL_OAUTH_CLIENT_SECRET (a public client has no secret)',
  unauthorized_client: 'allow the refresh_token grant for the client MAIL_OAUTH_CLIENT_ID at the provider',
  invalid_scope: 'set MAIL_OAUTH_SCOPE to scopes the refresh token was granted (or unset it)',
  invalid_request: 'check MAIL_OAUTH_TOKEN_URL and MAIL_OAUTH_SCOPE',
};
const RETRY_HINT = 'the token endpoint is unreachable or failing; the bot tries again on its next connection';

/** Without `expires_in` (RFC 6749 §5.1 only recommends it) a token is trusted this long. */
const DEFAULT_LIFETIME_MS = 10 * 60_000;
/** A refresh failed but the cached token still has this long to live: use it, try again next time. */
const STILL_USABLE_MS = 10_000;

/**
 * Access tokens from a refresh token (RFC 6749 §6), for IMAP and SMTP alike: cached until
 * `refreshMarginMs` before they expire, one refresh shared by concurrent callers.
 *
 * A refresh token the endpoint rotates (returns a new `refresh_token`) replaces ours, and with a
 * `refreshTokenStore` is saved there (sealed with DATA_KEYS): a restart goes on from the newest one
 * instead of the configured MAIL_OAUTH_REFRESH_TOKEN, which ages out (Microsoft: 90 days from issue).
 * Should the saved one be refused (`invalid_grant`), the configured one is tried once. A new configured
 * token (the operator signed in again) replaces a saved one descended from the old.
 *
 * With `grant: 'client_credentials'` (RFC 6749 §4.4, Microsoft 365 app access to IMAP and SMTP) there is
 * no refresh token at all: each token is asked for with the client's id and secret.
 */
export class OAuthTokenSource implements AccessTokenSource {
  readonly #settings: MailOAuthSettings;
  readonly #host: string;
  readonly #logger: Logger | undefined;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #refreshToken: string | undefined;
  readonly #store: RefreshTokenStore | undefined;
  #loaded: Promise<void> | undefined;
  #current: { token: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;
  /** Every secret and token seen, scrubbed from anything that could reach a message or a log. */
  readonly #secrets = new Set<string>();

  constructor(settings: MailOAuthSettings, options: OAuthTokenOptions = {}) {
    this.#settings = settings;
    this.#host = new URL(settings.tokenUrl).host;
    this.#logger = options.logger;
    this.#marginMs = options.refreshMarginMs ?? 120_000;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#now = options.now ?? Date.now;
    this.#refreshToken = settings.refreshToken;
    this.#store = options.refreshTokenStore;
    if (settings.refreshToken) this.#remember(settings.refreshToken);
    if (settings.clientSecret) this.#remember(settings.clientSecret);
  }

  async getToken(): Promise<string> {
    const current = this.#current;
    if (current && current.expiresAt - this.#marginMs > this.#now()) return current.token;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    try {
      return await this.#pending;
    } catch (err) {
      const still = this.#current;
      if (still && still.expiresAt - STILL_USABLE_MS > this.#now()) return still.token;
      throw err;
    }
  }

  invalidate(token?: string): void {
    if (token === undefined || this.#current?.token === token) this.#current = undefined;
  }

  /** The saved rotated token, read once before the first refresh (unreadable: the configured one). */
  #loadStored(): Promise<void> {
    const configured = this.#settings.refreshToken;
    const store = this.#store;
    if (!store || !configured) return Promise.resolve();
    this.#loaded ??= store.load(configured).then(
      (saved) => {
        if (saved && saved !== configured) {
          this.#remember(saved);
          this.#refreshToken = saved;
          this.#logger?.info({ host: this.#host }, 'OAuth2 refresh token taken from the store (rotated)');
        }
      },
      (err: unknown) =>
        this.#logger?.warn(
          { host: this.#host, errorCode: (err as { code?: string }).code ?? 'store_error' },
          'OAuth2 saved refresh token unreadable: using MAIL_OAUTH_REFRESH_TOKEN',
        ),
    );
    return this.#loaded;
  }

  async #refresh(): Promise<string> {
    await this.#loadStored();
    try {
      return await this.#request();
    } catch (err) {
      const configured = this.#settings.refreshToken;
      // A saved token the provider no longer knows: the configured one may still be good.
      if (
        err instanceof OAuthTokenError &&
        err.oauthError === 'invalid_grant' &&
        configured &&
        this.#refreshToken !== configured
      ) {
        this.#refreshToken = configured;
        return this.#request();
      }
      throw err;
    }
  }

  async #request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.#settings;
    const clientCredentials = this.#settings.grant === 'client_credentials';
    const body = new URLSearchParams(
      clientCredentials
        ? { grant_type: 'client_credentials', client_id: clientId }
        : { grant_type: 'refresh_token', client_id: clientId, refresh_token: this.#refreshToken ?? '' },
    );
    // RFC 6749 §2.3.1 allows the client's credentials in the body; Google and Microsoft accept them there.
    if (clientSecret) body.set('client_secret', clientSecret);
    if (scope) body.set('scope', scope);
    let response: Response;
    let data: Record<string, unknown> | undefined;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        // A redirect would carry the refresh token to wherever it points.
        redirect: 'error',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      data = parseJson(await response.text());
    } catch (err) {
      throw this.#fail(networkError(err), undefined, undefined);
    }
    const oauthError = typeof data?.error === 'string' ? data.error : undefined;
    const description = typeof data?.error_description === 'string' ? data.error_description : undefined;
    if (!response.ok || oauthError) {
      throw this.#fail(errorCode(oauthError, response.status), response.status, description);
    }
    const token = data?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw this.#fail('invalid_response', response.status, 'no access_token in the response');
    }
    this.#remember(token);
    if (!clientCredentials && typeof data?.refresh_token === 'string' && data.refresh_token !== '') {
      // Rotated (RFC 6749 §6): used from now on, and saved for the next start (see the class comment).
      const rotated = data.refresh_token;
      this.#remember(rotated);
      if (rotated !== this.#refreshToken) {
        this.#refreshToken = rotated;
        await this.#save(rotated);
      }
    }
    const expiresIn = Number(data?.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_LIFETIME_MS;
    this.#current = { token, expiresAt: this.#now() + lifetimeMs };
    this.#logger?.info(
      { host: this.#host, expiresInSeconds: Math.round(lifetimeMs / 1000) },
      'OAuth2 access token refreshed',
    );
    return token;
  }

  async #save(rotated: string): Promise<void> {
    const configured = this.#settings.refreshToken;
    if (!this.#store || !configured) return;
    try {
      await this.#store.save(configured, rotated);
    } catch (err) {
      // The token works now; only a restart would start from an older one.
      this.#logger?.warn(
        { host: this.#host, errorCode: (err as { code?: string }).code ?? 'store_error' },
        'OAuth2 rotated refresh token not saved',
      );
    }
  }

  #fail(oauthError: string, status: number | undefined, description: string | undefined): OAuthTokenError {
    const hint =
      HINTS[oauthError] ??
      (status === undefined || status >= 500 || status === 429
        ? RETRY_HINT
        : 'check the MAIL_OAUTH_* settings against the provider');
    const error = new OAuthTokenError(
      this.#host,
      this.#scrub(oauthError),
      status,
      hint,
      description === undefined ? undefined : this.#scrub(description).slice(0, 300),
    );
    metrics().oauthRefreshFailures.inc();
    this.#logger?.warn(
      { host: this.#host, oauthError: error.oauthError, status, description: error.description },
      'OAuth2 token refresh failed',
    );
    return error;
  }

  #remember(secret: string): void {
    if (secret.length >= 4) this.#secrets.add(secret);
  }

  #scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.replaceAll(secret, '[redacted]');
    return out;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The OAuth2 error code as sent when it looks like one (RFC 6749 §5.2: printable ASCII), else the status. */
function errorCode(oauthError: string | undefined, status: number): string {
  if (oauthError && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,80}$/.test(oauthError)) return oauthError;
  if (status >= 200 && status < 300) return 'invalid_response';
  return status >= 500 ? 'server_error' : 'http_error';
}

/** `timeout`, or the system error code under fetch's TypeError (ECONNREFUSED, ENOTFOUND, …). */
function networkError(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: unknown; name?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  const code = e.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)
    ? `network_error ${code}`
    : 'network_error';
}

const shared = new WeakMap<MailOAuthSettings, OAuthTokenSource>();

/**
 * The process's one token source for these settings (the email channel's IMAP and SMTP, and reminder
 * mail, all log in as the same mailbox): one cache, one refresh before expiry, one rotated refresh token.
 */
export function sharedTokenSource(
  settings: MailOAuthSettings,
  logger: Logger,
  refreshTokenStore?: RefreshTokenStore,
): OAuthTokenSource {
  let source = shared.get(settings);
  if (!source) {
    source = new OAuthTokenSource(settings, {
      logger: logger.child({ component: 'mail-oauth' }),
      ...(refreshTokenStore ? { refreshTokenStore } : {}),
    });
    shared.set(settings, source);
  }
  return source;
}
