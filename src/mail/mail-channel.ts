import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelStarter, RunningChannel } from '../app/running-channel.js';
import { createCaMailRecogniser } from '../camail/mail-recogniser.js';
import { Notifiers, type Notify } from '../camail/notify.js';
import { mailNotify } from '../camail/notify-mail.js';
import { caMailHandler } from '../camail/on-ca-mail.js';
import type { MailSettings } from '../config/mail.js';
import type { TurnServices } from '../conversation/run-turn.js';
import { codeOf } from '../errors.js';
import { metrics } from '../ops/metrics.js';
import { opsState } from '../ops/ops-state.js';
import { DataKeys } from '../store/data-keys.js';
import { createRedisClient } from '../store/redis-connection.js';
import { SqliteApplicationStore } from '../store/sqlite-store.js';
import { handleMail } from './handle-mail.js';
import type { MailHandlerDeps, MailOutcome } from './mail-handler.js';
import type { MailStateStore } from './mail-state-store.js';
import {
  MailboxWatcher,
  type MailboxWatcherOptions,
  type MessageSource,
  type QuarantinedMail,
  UnreadableMailError,
} from './mailbox-watcher.js';
import { MemoryMailState } from './memory-mail-state.js';
import {
  type RefreshTokenStore,
  redisRefreshCell,
  SealedRefreshTokenStore,
  sqliteRefreshCell,
} from './oauth-refresh-store.js';
import { type AccessTokenSource, sharedTokenSource } from './oauth-token.js';
import { newOwnerId, OutboxSender } from './outbox.js';
import { MailTooLargeError, type ParsedMail, parseMessage } from './parse-message.js';
import { RedisMailState } from './redis-mail-state.js';
import { refuseOversized, refuseUnread } from './refuse-oversized.js';
import { isPdf } from './reply-event.js';
import { SqliteMailState } from './sqlite-mail-state.js';

export interface MailChannelOptions {
  settings: MailSettings & { smtpUrl: string; imapUrl: string; from: string };
  services: TurnServices;
  state: MailStateStore;
  transport?: Transporter;
  owner?: string;
  /** Overrides for tests (backoff, lock ttl). */
  watcher?: Partial<
    Pick<MailboxWatcherOptions, 'minBackoffMs' | 'maxBackoffMs' | 'lockTtlMs' | 'lockRetryMs' | 'pollMs'>
  >;
  handler?: Partial<Pick<MailHandlerDeps, 'recognisers' | 'onRecognised'>>;
  /** Notifiers of the other channels (Slack) for CA mails of their applications. */
  notify?: Partial<Record<'slack' | 'console', Notify>>;
  /** With `settings.oauth`: the token source IMAP and SMTP share (default: one made from the settings). */
  accessToken?: AccessTokenSource;
  /** With `settings.oauth`: where a rotated refresh token is kept across restarts (sealed). */
  refreshTokenStore?: RefreshTokenStore;
}

export interface MailChannel extends RunningChannel {
  watcher: MailboxWatcher;
  sender: OutboxSender;
  /** Every handled message's outcome, in order (tests and the audit log read it). */
  events: MailboxWatcher['events'];
}

/**
 * IMAP connection settings from IMAP_URL (+ IMAP_USER / IMAP_PASSWORD / IMAP_ACCESS_TOKEN). With
 * MAIL_OAUTH_* only the user: the watcher asks its token source for each connection's token.
 */
export function imapOptions(settings: MailSettings & { imapUrl: string }): MailboxWatcherOptions['imap'] {
  const url = new URL(settings.imapUrl);
  const secure = url.protocol === 'imaps:';
  const user = settings.imapUser ?? decodeURIComponent(url.username);
  const auth = settings.oauth
    ? { user }
    : settings.imapAccessToken
      ? { user, accessToken: settings.imapAccessToken }
      : { user, pass: settings.imapPassword ?? decodeURIComponent(url.password) };
  return { host: url.hostname, port: Number(url.port || (secure ? 993 : 143)), secure, auth };
}

/**
 * SMTP from SMTP_URL; with SMTP_ACCESS_TOKEN or a token source (MAIL_OAUTH_*), OAuth2 (XOAUTH2) for the
 * URL's user instead of its password.
 *
 * The token source serves through nodemailer's `provisionCallback`, so IMAP and SMTP share one cache and
 * one refresh (nodemailer's own refresh would keep a second cache, and sends `scope`, which Microsoft
 * needs, only as a custom parameter). nodemailer calls it with `renew` after the server refused the
 * token (the XOAUTH2 334 error challenge, then 535) and retries the login once with the new one. A
 * token-endpoint failure reaches the outbox as nodemailer's EAUTH, its message and `hint` intact.
 */
export function smtpTransport(
  settings: Pick<MailSettings, 'smtpAccessToken'> & { smtpUrl: string },
  accessToken?: AccessTokenSource,
  /** Pooled connections (the mail channel asks for 4, the reminder notifier for more). */
  pool?: { maxConnections: number },
): Transporter {
  // A new SMTP connection per mail took ~107 ms against ~9 ms on a pooled one: a plain URL is always
  // pooled; an OAuth2 transport when asked (one login per connection, each with a fresh token).
  const pooling = pool ? { pool: true, maxConnections: pool.maxConnections } : {};
  if (!settings.smtpAccessToken && !accessToken)
    return createTransport({ url: settings.smtpUrl, pool: true, maxConnections: pool?.maxConnections ?? 4 });
  const url = new URL(settings.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  let handed: string | undefined;
  const auth = accessToken
    ? {
        type: 'OAuth2' as const,
        user,
        provisionCallback: (
          _user: string,
          renew: boolean,
          callback: (err: Error | null, token?: string, expires?: number) => void,
        ) => {
          if (renew) accessToken.invalidate(handed);
          accessToken.getToken().then(
            (token) => {
              handed = token;
              // Expired at once for nodemailer: the token source is the only cache, so each new
              // connection asks it again and gets the refreshed token when the old one is about to expire.
              callback(null, token, Date.now());
            },
            (err: Error) => callback(err),
          );
        },
      }
    : { type: 'OAuth2' as const, user, accessToken: settings.smtpAccessToken };
  return createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    auth,
    ...pooling,
  });
}

/** Builds and starts the email channel: mailbox watcher, inbound handler and outbox sender. */
export function createMailChannel(options: MailChannelOptions): MailChannel {
  const { settings, services, state } = options;
  const logger = services.logger.child({ channel: 'email' });
  // One source for IMAP, SMTP and reminder mail: one refresh serves all, a rotated refresh token too.
  const accessToken =
    options.accessToken ??
    (settings.oauth ? sharedTokenSource(settings.oauth, logger, options.refreshTokenStore) : undefined);
  const transport = options.transport ?? smtpTransport(settings, accessToken, { maxConnections: 4 });
  const sender = new OutboxSender({
    state,
    transport,
    from: settings.from,
    fromName: settings.fromName ?? 'EV SSL Bot',
    logger,
  });
  const deps: MailHandlerDeps = {
    services: { ...services, logger },
    state,
    from: settings.from,
    allowedDomains: settings.allowedDomains,
    requireAuth: settings.requireAuth,
    maxAttachmentBytes: settings.maxAttachmentBytes,
    // A recognised CA mail goes to its application; the applicant hears in this channel.
    onRecognised: async (mail, recognition) => {
      await caMailHandler({
        services: { ...services, logger },
        notify: (services.notifiers ?? new Notifiers()).notifier({
          email: mailNotify({
            state,
            from: settings.from,
            clock: services.clock,
            onQueued: () => deps.onQueued?.(),
          }),
          ...options.notify,
        }),
      })(mail, recognition);
    },
    ...options.handler,
  };
  // Notices from outside a mail (the CT watch) reach this channel's applicants in their thread too.
  services.notifiers?.register(
    'email',
    mailNotify({ state, from: settings.from, clock: services.clock, onQueued: () => deps.onQueued?.() }),
  );
  let watcher: MailboxWatcher;
  const onMessage = async (source: MessageSource): Promise<void> => {
    let outcome: MailOutcome;
    if (source.type === 'oversized') {
      const head = await parseHeaders(source.headers).catch((err: unknown) => {
        throw new UnreadableMailError(codeOf(err));
      });
      outcome = await refuseOversized(deps, head, source.size, settings.maxBytes);
    } else {
      let mail: ParsedMail | undefined;
      try {
        mail = await parseStream(source.content);
      } catch (err) {
        if (!(err instanceof MailTooLargeError)) throw err;
      }
      outcome = mail ? await handleMail(deps, mail) : { action: 'ignored', reason: 'oversized' };
    }
    if (outcome.action === 'ignored') metrics().mailsQuarantined.inc({ reason: outcome.reason });
    logger.info({ uid: source.uid, ...outcome }, 'mail handled');
    watcher.events.emit('mail', { uid: source.uid, ...outcome });
  };
  /** The parser's refusal of the bytes it was given becomes UnreadableMailError (quarantined at once). */
  const parseStream = async (content: NodeJS.ReadableStream): Promise<ParsedMail> => {
    // A download cut short is the connection's fault, not the mail's: that error stays as it is.
    let inputFailed = false;
    content.once('error', () => {
      inputFailed = true;
    });
    try {
      return await parseMessage(content as NodeJS.ReadableStream & import('node:stream').Readable, {
        maxBytes: settings.maxBytes,
        maxAttachmentBytes: settings.maxAttachmentBytes,
        keepAttachment: isPdf,
      });
    } catch (err) {
      if (err instanceof MailTooLargeError || inputFailed) throw err;
      throw new UnreadableMailError(codeOf(err));
    }
  };
  const onQuarantine = async (q: QuarantinedMail): Promise<void> => {
    // The few header fields the watcher fetched, parsed on their own: the mail's own header block may be
    // what the parser refused. Fields that cannot be read either mean no answer, only the log line.
    let outcome: MailOutcome = { action: 'ignored', reason: q.reason };
    const head = q.headers.length > 0 ? await parseHeaders(q.headers).catch(() => undefined) : undefined;
    if (head) outcome = await refuseUnread(deps, head, { type: q.reason });
    logger.warn(
      {
        uid: q.uid,
        reason: q.reason,
        errorCode: q.code,
        attempts: q.attempts,
        answered: outcome.action === 'answered',
      },
      'mail cannot be handled: quarantining it',
    );
    watcher.events.emit('mail', { uid: q.uid, ...outcome, quarantined: true });
  };
  watcher = new MailboxWatcher({
    imap: imapOptions(settings),
    ...(accessToken ? { accessToken } : {}),
    mailbox: settings.mailbox,
    state,
    owner: options.owner ?? newOwnerId(),
    logger,
    onMessage,
    onQuarantine,
    quarantineFolder: settings.quarantineFolder,
    quarantineAfter: settings.quarantineAfter,
    // Only the lock holder sends, so two instances never send the same outbox entry.
    afterPass: () => sender.flush(),
    maxBytes: settings.maxBytes,
    pollMs: settings.pollSeconds * 1000,
    ...(settings.doneFolder ? { doneFolder: settings.doneFolder } : {}),
    ...options.watcher,
  });
  deps.onQueued = () => {
    sender
      .flush()
      .catch((err: unknown) =>
        logger.warn({ errorCode: (err as { code?: string }).code }, 'outbox flush failed'),
      );
  };
  watcher.start();
  opsState().addCheck('imap', () =>
    watcher.active
      ? { ok: true }
      : { ok: false, detail: 'IMAP not logged in (or another instance holds the mailbox)' },
  );
  // Retries fall due between mailbox passes: look every few seconds, while this instance holds the lock.
  const retry = setInterval(() => {
    if (watcher.active) deps.onQueued?.();
  }, 5_000);
  retry.unref();
  return {
    name: 'email',
    watcher,
    sender,
    events: watcher.events,
    stop: async () => {
      clearInterval(retry);
      await watcher.stop();
      await sender.flush().catch(() => undefined);
      transport.close();
    },
  };
}

/** Parses a header block fetched on its own (the blank line that ends it added). */
function parseHeaders(headers: Buffer): Promise<ParsedMail> {
  return parseMessage(Buffer.concat([headers, Buffer.from('\r\n')]));
}

/** The CHANNELS starter: runs only when SMTP_URL, IMAP_URL and MAIL_FROM are all set. */
export const startMailChannel: ChannelStarter = async (config, services) => {
  const s = config.mail;
  if (!s.smtpUrl || !s.imapUrl || !s.from) {
    if (s.smtpUrl || s.imapUrl)
      services.logger.warn('email channel needs SMTP_URL, IMAP_URL and MAIL_FROM: not started');
    return undefined;
  }
  // Beside the applications: in their SQLite file when that is the store, else this process's memory.
  let state: MailStateStore = SqliteMailState.of(services.store) ?? new MemoryMailState();
  let refreshTokenStore: RefreshTokenStore | undefined;
  const owner = s.oauth ? `${s.oauth.tokenUrl} ${s.oauth.clientId}` : '';
  if (s.oauth?.refreshToken && services.store instanceof SqliteApplicationStore) {
    // A rotated OAuth2 refresh token survives restarts in the SQLite file too, sealed with its data key.
    const db = services.store.database;
    refreshTokenStore = new SealedRefreshTokenStore(sqliteRefreshCell(db, owner), services.store.keys, owner);
  }
  if (config.redis.url) {
    // The application store's connection settings and topology, with its key prefix.
    const client = createRedisClient(config.redis);
    await client.connect();
    state = new RedisMailState(client, config.redis.prefix);
    // A rotated OAuth2 refresh token survives restarts, sealed with DATA_KEYS.
    if (s.oauth?.refreshToken && config.redis.dataKeys) {
      refreshTokenStore = new SealedRefreshTokenStore(
        redisRefreshCell(client, config.redis.prefix, owner),
        new DataKeys(config.redis.dataKeys),
        owner,
      );
    }
  }
  const channel = createMailChannel({
    settings: { ...s, smtpUrl: s.smtpUrl, imapUrl: s.imapUrl, from: s.from },
    services,
    state,
    ...(refreshTokenStore ? { refreshTokenStore } : {}),
    // CA mails judged against the configured sender domains (CA_SENDER_DOMAINS).
    handler: {
      recognisers: [
        createCaMailRecogniser({
          domains: config.camail.senderDomains,
          requireAuth: config.camail.requireAuth,
        }),
      ],
    },
  });
  return {
    name: channel.name,
    stop: async () => {
      await channel.stop();
      await state.close();
    },
  };
};
