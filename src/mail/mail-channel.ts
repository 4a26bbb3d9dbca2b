import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelStarter, RunningChannel } from '../app/channels.js';
import { createCaMailRecogniser } from '../camail/mail-recogniser.js';
import { type Notify, registeredNotify } from '../camail/notify.js';
import { mailNotify } from '../camail/notify-mail.js';
import { caMailHandler } from '../camail/on-ca-mail.js';
import type { MailSettings } from '../config/mail.js';
import type { TurnServices } from '../conversation/run-turn.js';
import { createRedisClient } from '../store/redis-connection.js';
import { handleMail, type MailHandlerDeps, type MailOutcome } from './handle-mail.js';
import type { MailStateStore } from './mail-state-store.js';
import { MailboxWatcher, type MailboxWatcherOptions, type MessageSource } from './mailbox-watcher.js';
import { MemoryMailState } from './memory-mail-state.js';
import { type AccessTokenSource, sharedTokenSource } from './oauth-token.js';
import { newOwnerId, OutboxSender } from './outbox.js';
import { MailTooLargeError, parseMessage } from './parse-message.js';
import { RedisMailState } from './redis-mail-state.js';
import { refuseOversized } from './refuse-oversized.js';
import { isPdf } from './reply-event.js';

export interface MailChannelOptions {
  settings: MailSettings & { smtpUrl: string; imapUrl: string; from: string };
  services: TurnServices;
  state: MailStateStore;
  transport?: Transporter;
  owner?: string;
  /** Overrides for tests (backoff, lock ttl). */
  watcher?: Partial<Pick<MailboxWatcherOptions, 'minBackoffMs' | 'maxBackoffMs' | 'lockTtlMs' | 'pollMs'>>;
  handler?: Partial<Pick<MailHandlerDeps, 'recognisers' | 'onRecognised'>>;
  /** Issue 6 hook: notifiers of the other channels (Slack) for CA mails of their applications. */
  notify?: Partial<Record<'slack' | 'console', Notify>>;
  /** With `settings.oauth`: the token source IMAP and SMTP share (default: one made from the settings). */
  accessToken?: AccessTokenSource;
}

const clockOf = (s: TurnServices) => (s.clock ? { clock: s.clock } : {});

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
  /** Pooled connections (the reminder notifier sends thousands). */
  pool?: { maxConnections: number },
): Transporter {
  if (!settings.smtpAccessToken && !accessToken) return createTransport(settings.smtpUrl);
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
    ...(pool ? { pool: true, maxConnections: pool.maxConnections } : {}),
  });
}

/** Builds and starts the email channel: mailbox watcher, inbound handler and outbox sender. */
export function createMailChannel(options: MailChannelOptions): MailChannel {
  const { settings, services, state } = options;
  const logger = services.logger.child({ channel: 'email' });
  // One source for IMAP, SMTP and reminder mail: one refresh serves all, a rotated refresh token too.
  const accessToken =
    options.accessToken ?? (settings.oauth ? sharedTokenSource(settings.oauth, logger) : undefined);
  const transport = options.transport ?? smtpTransport(settings, accessToken);
  const sender = new OutboxSender({ state, transport, from: settings.from, logger });
  const deps: MailHandlerDeps = {
    services: { ...services, logger },
    state,
    from: settings.from,
    allowedDomains: settings.allowedDomains,
    requireAuth: settings.requireAuth,
    maxAttachmentBytes: settings.maxAttachmentBytes,
    // Issue 6 hook: a recognised CA mail goes to its application; the applicant hears in this channel.
    onRecognised: async (mail, recognition) => {
      await caMailHandler({
        services: { ...services, logger },
        notify: registeredNotify(services, {
          email: mailNotify({
            state,
            from: settings.from,
            ...clockOf(services),
            onQueued: () => deps.onQueued?.(),
          }),
          ...options.notify,
        }),
      })(mail, recognition);
    },
    ...options.handler,
  };
  let watcher: MailboxWatcher;
  const onMessage = async (source: MessageSource): Promise<void> => {
    let outcome: MailOutcome;
    if (source.type === 'oversized') {
      const head = await parseMessage(Buffer.concat([source.headers, Buffer.from('\r\n')]));
      outcome = await refuseOversized(deps, head, source.size, settings.maxBytes);
    } else {
      try {
        const mail = await parseMessage(
          source.content as NodeJS.ReadableStream & import('node:stream').Readable,
          {
            maxBytes: settings.maxBytes,
            maxAttachmentBytes: settings.maxAttachmentBytes,
            keepAttachment: isPdf,
          },
        );
        outcome = await handleMail(deps, mail);
      } catch (err) {
        if (!(err instanceof MailTooLargeError)) throw err;
        outcome = { action: 'ignored', reason: 'oversized' };
      }
    }
    logger.info({ uid: source.uid, ...outcome }, 'mail handled');
    watcher.events.emit('mail', { uid: source.uid, ...outcome });
  };
  watcher = new MailboxWatcher({
    imap: imapOptions(settings),
    ...(accessToken ? { accessToken } : {}),
    mailbox: settings.mailbox,
    state,
    owner: options.owner ?? newOwnerId(),
    logger,
    onMessage,
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

/** The CHANNELS starter: runs only when SMTP_URL, IMAP_URL and MAIL_FROM are all set. */
export const startMailChannel: ChannelStarter = async (config, services) => {
  const s = config.mail;
  if (!s.smtpUrl || !s.imapUrl || !s.from) {
    if (s.smtpUrl || s.imapUrl)
      services.logger.warn('email channel needs SMTP_URL, IMAP_URL and MAIL_FROM: not started');
    return undefined;
  }
  let state: MailStateStore = new MemoryMailState();
  if (config.redis.url) {
    // The application store's connection settings and topology (issue 3), with its key prefix.
    const client = createRedisClient(config.redis);
    await client.connect();
    state = new RedisMailState(client, config.redis.prefix);
  }
  const channel = createMailChannel({
    settings: { ...s, smtpUrl: s.smtpUrl, imapUrl: s.imapUrl, from: s.from },
    services,
    state,
    // Issue 6 hook: CA mails judged against the configured sender domains (CA_SENDER_DOMAINS).
    handler: { recognisers: [createCaMailRecogniser({ domains: config.camail.senderDomains })] },
  });
  return {
    name: channel.name,
    stop: async () => {
      await channel.stop();
      await state.close();
    },
  };
};
