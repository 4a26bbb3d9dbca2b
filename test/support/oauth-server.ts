import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './free-port.js';

export interface FakeOAuthServer {
  /** The token endpoint (POST grant_type=refresh_token). */
  tokenUrl: string;
  /** RFC 7662 token introspection (POST token=…), as Dovecot's oauth2 passdb asks it. */
  introspectionUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The mailbox every token is issued for. */
  user: string;
  /** Successful refreshes so far. */
  readonly refreshes: number;
  /** Every token request's form body, in order. */
  readonly requests: URLSearchParams[];
  /** Lifetime (`expires_in`) of the next tokens issued, in seconds. */
  expiresIn: number;
  /** Answer refreshes with a new refresh token (and accept only the newest from then on). */
  rotate: boolean;
  /** Hold each token response this long (so concurrent callers overlap). */
  delayMs: number;
  /** True while `token` was issued here and has not expired nor been revoked. */
  isValid(token: string): boolean;
  /** Every token issued so far stops being valid (the client is not told). */
  revokeAll(): void;
  /** Answers the next `count` refreshes with this HTTP status and OAuth2 error code (RFC 6749 §5.2). */
  failNext(count: number, status: number, error: string, description?: string): void;
  stop(): Promise<void>;
}

/**
 * A real OAuth2 authorisation server's two endpoints on a free loopback port: refresh-token grants that
 * issue short-lived bearer tokens (counted), and introspection of them. Tests make tokens expire by
 * lifetime or revocation and count refreshes.
 */
export async function startOAuthServer(
  options: { user?: string; expiresIn?: number } = {},
): Promise<FakeOAuthServer> {
  const issued = new Map<string, number>();
  const requests: URLSearchParams[] = [];
  let refreshes = 0;
  let failures: { count: number; status: number; error: string; description?: string } = {
    count: 0,
    status: 0,
    error: '',
  };
  const state = {
    clientId: 'evssl-test-client',
    clientSecret: `secret-${randomBytes(8).toString('hex')}`,
    refreshToken: `rt-${randomBytes(12).toString('hex')}`,
    user: options.user ?? 'bot@example.test',
    expiresIn: options.expiresIn ?? 3600,
    rotate: false,
    delayMs: 0,
  };
  const isValid = (token: string) => (issued.get(token) ?? 0) > Date.now();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const token = async (form: URLSearchParams, res: ServerResponse) => {
    requests.push(form);
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
    if (failures.count > 0) {
      failures.count--;
      const { status, error, description } = failures;
      json(res, status, { error, ...(description ? { error_description: description } : {}) });
      return;
    }
    // RFC 6749 §6 refresh, or §4.4 client credentials (Microsoft 365 app access: no refresh token).
    const grant = form.get('grant_type');
    if (grant !== 'refresh_token' && grant !== 'client_credentials')
      return json(res, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== state.clientId || form.get('client_secret') !== state.clientSecret)
      return json(res, 401, { error: 'invalid_client' });
    if (grant === 'refresh_token' && form.get('refresh_token') !== state.refreshToken)
      return json(res, 400, { error: 'invalid_grant' });
    refreshes++;
    const accessToken = `at-${refreshes}-${randomBytes(12).toString('hex')}`;
    issued.set(accessToken, Date.now() + state.expiresIn * 1000);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: state.expiresIn,
      ...(form.get('scope') ? { scope: form.get('scope') } : {}),
    };
    if (state.rotate && grant === 'refresh_token') {
      state.refreshToken = `rt-${randomBytes(12).toString('hex')}`;
      body.refresh_token = state.refreshToken;
    }
    json(res, 200, body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      if (req.method === 'POST' && req.url === '/token') {
        token(form, res).catch(() => json(res, 500, { error: 'server_error' }));
      } else if (req.method === 'POST' && req.url === '/introspect') {
        const t = form.get('token') ?? '';
        const exp = issued.get(t);
        json(
          res,
          200,
          isValid(t) && exp
            ? { active: true, username: state.user, exp: Math.floor(exp / 1000) }
            : { active: false },
        );
      } else json(res, 404, { error: 'not_found' });
    });
  });
  const port = await freePort();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${port}`;
  return {
    tokenUrl: `${base}/token`,
    introspectionUrl: `${base}/introspect`,
    get clientId() {
      return state.clientId;
    },
    get clientSecret() {
      return state.clientSecret;
    },
    get refreshToken() {
      return state.refreshToken;
    },
    get user() {
      return state.user;
    },
    get refreshes() {
      return refreshes;
    },
    requests,
    get expiresIn() {
      return state.expiresIn;
    },
    set expiresIn(v: number) {
      state.expiresIn = v;
    },
    get rotate() {
      return state.rotate;
    },
    set rotate(v: boolean) {
      state.rotate = v;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    isValid,
    revokeAll: () => issued.clear(),
    failNext: (count, status, error, description) => {
      failures = { count, status, error, ...(description ? { description } : {}) };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
