import { EventEmitter, once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port.js';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpCapture {
  port: number;
  url: string;
  messages: CapturedMail[];
  /** With `xoauth2`: every login attempt, in order (the token, and whether it was accepted). */
  logins: Array<{ user: string; accessToken: string; accepted: boolean }>;
  /** Refuses the next `count` messages with this SMTP reply code (421 temporary, 550 permanent). */
  failNext(count: number, code: number): void;
  /** Connections opened, and the most messages that were being received at once. */
  stats: { connections: number; maxInFlight: number };
  /** Resolves with the nth message (1-based) once it has arrived. */
  nth(n: number): Promise<CapturedMail>;
  stop(): Promise<void>;
}

export interface StartSmtpOptions {
  relay?: (mail: CapturedMail) => Promise<void>;
  /**
   * Require a login by XOAUTH2 only, accepted when this says the bearer token is valid for the user
   * (e.g. a fake authorisation server's `isValid`); a refused token gets the XOAUTH2 error challenge
   * and then 535, as Gmail and Microsoft 365 answer.
   */
  xoauth2?: (user: string, accessToken: string) => boolean;
  /** Holds each message this long before accepting it (a slow server: shows what is sent concurrently). */
  acceptDelayMs?: number;
}

/**
 * A real SMTP server (smtp-server) on a free loopback port that accepts anything and keeps it, or
 * hands each message to `relay` (e.g. into Dovecot by LMTP).
 */
export async function startSmtp(options: StartSmtpOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const logins: SmtpCapture['logins'] = [];
  const check = options.xoauth2;
  const events = new EventEmitter();
  let failures: { count: number; code: number } = { count: 0, code: 0 };
  const stats = { connections: 0, maxInFlight: 0 };
  let inFlight = 0;
  const server = new SMTPServer({
    onConnect(_session, callback) {
      stats.connections++;
      callback();
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    ...(check
      ? {
          authMethods: ['XOAUTH2'],
          // Loopback tests without TLS: let the login happen in the clear.
          allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            const user = auth.username ?? '';
            const accessToken = auth.accessToken ?? '';
            const accepted = auth.method === 'XOAUTH2' && check(user, accessToken);
            logins.push({ user, accessToken, accepted });
            if (accepted) callback(null, { user });
            // RFC 7628 §3.2.2-style error (what Gmail sends): a 334 challenge, then 535.
            else
              callback(null, {
                data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' },
              });
          },
        }
      : { authOptional: true }),
    onData(stream, session, reply) {
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const callback = (err?: Error | null) => {
        const answer = () => {
          inFlight--;
          reply(err);
        };
        if (options.acceptDelayMs) setTimeout(answer, options.acceptDelayMs);
        else answer();
      };
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures.count > 0) {
          failures.count--;
          const err = Object.assign(new Error('refused by test'), { responseCode: failures.code });
          callback(err);
          return;
        }
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        const done = () => {
          messages.push(mail);
          events.emit('message');
          callback();
        };
        if (options.relay) options.relay(mail).then(done, (err: Error) => callback(err));
        else done();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    logins,
    stats,
    failNext: (count, code) => {
      failures = { count, code };
    },
    nth: async (n) => {
      while (messages.length < n) await once(events, 'message');
      return messages[n - 1]!;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
