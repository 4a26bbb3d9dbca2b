import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FetchMessageObject, ImapFlow } from 'imapflow';
import { codeOf } from '../errors.js';
import { metrics } from '../ops/metrics.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import type { MailCheckpoint } from './mail-state-store.js';
import {
  fetchAnswerHeaders,
  type MailboxWatcherOptions,
  PROCESSED_FLAG,
  QUARANTINED_FLAG,
  type QuarantinedMail,
  UnreadableMailError,
} from './mailbox-types.js';
import { RECONNECT, reconnectDelayMs } from './reconnect.js';

export {
  ANSWER_HEADER_FIELDS,
  type MailboxWatcherOptions,
  type MessageSource,
  PROCESSED_FLAG,
  QUARANTINED_FLAG,
  type QuarantinedMail,
  UnreadableMailError,
} from './mailbox-types.js';

/**
 * Reads one mailbox: IDLE for new mail (imapflow's auto-IDLE, started 1 s after the last command) with a
 * poll every `pollMs` as fallback; new messages fetched by UID above the checkpoint, which is stored
 * with the UIDVALIDITY after each message, so a restart neither loses nor repeats mail. A store lock
 * (a short lease renewed while held, so a crashed holder's lock lapses within seconds) makes sure only
 * one instance reads the mailbox; a lost connection reconnects with backoff (capped at a minute).
 *
 * A mail that cannot be handled never stops the mailbox: a parser refusal, or the same failure
 * `quarantineAfter` times (counted in the store, so restarts count too), moves it to the quarantine
 * folder, flagged, and the checkpoint goes past it. A lost connection or an unreachable store is not
 * the mail's fault and is never counted against it.
 */
export class MailboxWatcher {
  readonly events = new EventEmitter();
  readonly #o: Required<
    Omit<MailboxWatcherOptions, 'doneFolder' | 'afterPass' | 'accessToken' | 'onQuarantine'>
  > &
    Pick<MailboxWatcherOptions, 'doneFolder' | 'afterPass' | 'accessToken' | 'onQuarantine'>;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #client: ImapFlow | undefined;
  #ready = false;
  #wake: (() => void) | undefined;
  #dirty = false;
  #closed = false;
  #quarantineReady = false;

  constructor(options: MailboxWatcherOptions) {
    this.#o = {
      quarantineFolder: 'Quarantine',
      quarantineAfter: 5,
      // A 15 s lease renewed every 5 s: a crashed holder's lock is free again 15 s later at most, and a
      // waiting instance (trying every 2 s) takes it then; a pause of the event loop that long is not normal.
      lockTtlMs: 15_000,
      lockRetryMs: Math.min(2_000, options.pollMs),
      minBackoffMs: RECONNECT.minMs,
      maxBackoffMs: RECONNECT.maxMs,
      ...options,
    };
  }

  get lockName(): string {
    const user = this.#o.imap.auth?.user ?? '';
    return `mailbox:${user}@${this.#o.imap.host}:${this.#o.mailbox}`;
  }

  /** Logged in, mailbox open, lock held (readiness; the outbox is sent only then). Connecting is not. */
  get active(): boolean {
    return this.#ready;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Stops reading: the mail being handled is finished (flagged, checkpointed), then the session logs out
   * (which ends IDLE). A session still connecting is cut at once (a stalled server must not hold the
   * shutdown up); one that does not end within `graceMs` is cut too, its mail in flight left unseen for
   * the next process (the store's event ids keep it from being answered twice).
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.#stopped = true;
    this.#poke();
    if (!this.#ready) this.#client?.close();
    const ended = this.#loop?.then(() => true);
    if ((await Promise.race([ended, sleep(graceMs, false, { ref: false })])) === false) {
      this.#o.logger.warn({ graceMs }, 'mailbox session did not end in time: closing it');
      this.#client?.close();
    }
    await this.#loop;
  }

  /** Drops the IMAP connection as a network failure would (tests prove the reconnect). */
  dropConnection(): void {
    this.#client?.close();
  }

  #poke(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    const { state, owner, logger } = this.#o;
    let failures = 0;
    while (!this.#stopped) {
      if (!(await state.acquireLock(this.lockName, owner, this.#o.lockTtlMs).catch(() => false))) {
        this.events.emit('lock-busy');
        await this.#pause(this.#o.lockRetryMs);
        continue;
      }
      try {
        await this.#session();
        failures = 0;
      } catch (err) {
        failures++;
        metrics().imapReconnects.inc();
        const code = (err as { code?: string }).code ?? (err as Error).name;
        // An OAuthTokenError's hint says what to fix (it holds no token or secret).
        const hint = (err as { hint?: unknown }).hint;
        logger.warn(
          { errorCode: code, failures, ...(typeof hint === 'string' ? { hint } : {}) },
          'mailbox connection failed, reconnecting',
        );
        this.events.emit('disconnected', code);
      }
      if (this.#stopped) break;
      await this.#pause(reconnectDelayMs(failures, this.#o.minBackoffMs, this.#o.maxBackoffMs));
    }
    await state.releaseLock(this.lockName, owner).catch(() => undefined);
  }

  async #pause(ms: number): Promise<void> {
    if (this.#stopped) return;
    const ac = new AbortController();
    await Promise.race([
      sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined),
      new Promise<void>((resolve) => {
        this.#wake = resolve;
      }),
    ]);
    ac.abort();
    this.#wake = undefined;
  }

  async #session(): Promise<void> {
    // OAuth2: this connection's own token, asked for now (refreshed if due), never the last connection's.
    const token = await this.#o.accessToken?.getToken();
    const client = new ImapFlow({
      ...this.#o.imap,
      ...(token === undefined ? {} : { auth: { user: this.#o.imap.auth?.user ?? '', accessToken: token } }),
      logger: false,
      // PLATFORM.md: the 15 s default delays IDLE, and so new-mail events, after every command.
      autoIdleDelay: 1_000,
      maxIdleTime: this.#o.pollMs,
    });
    this.#client = client;
    this.#closed = false;
    this.#quarantineReady = false;
    client.on('close', () => {
      this.#closed = true;
      this.#poke();
    });
    client.on('error', (err: Error & { code?: string }) =>
      this.#o.logger.debug({ errorCode: err.code }, 'imap connection error'),
    );
    client.on('exists', () => this.#poke());
    const renew = setInterval(() => {
      this.#o.state.renewLock(this.lockName, this.#o.owner, this.#o.lockTtlMs).then(
        (held) => {
          if (!held) {
            this.#o.logger.warn('mailbox lock lost to another instance: disconnecting');
            client.close();
          }
        },
        () => undefined,
      );
    }, this.#o.lockTtlMs / 3);
    try {
      try {
        await client.connect();
      } catch (err) {
        // The server refused the token (expired early, revoked): the reconnect after the backoff refreshes.
        if (token !== undefined && (err as { authenticationFailed?: boolean }).authenticationFailed)
          this.#o.accessToken?.invalidate(token);
        throw err;
      }
      await client.mailboxOpen(this.#o.mailbox);
      this.#ready = true;
      this.events.emit('connected');
      while (!this.#stopped && !this.#closed) {
        this.#dirty = false;
        await this.#drain(client);
        await this.#o.afterPass?.();
        this.events.emit('idle');
        if (!this.#dirty) await this.#pause(this.#o.pollMs);
      }
      if (this.#closed && !this.#stopped)
        throw Object.assign(new Error('connection closed'), { code: 'EConnectionClosed' });
    } finally {
      clearInterval(renew);
      this.#ready = false;
      this.#client = undefined;
      if (!this.#closed) await client.logout().catch(() => client.close());
    }
  }

  async #drain(client: ImapFlow): Promise<void> {
    const key = this.lockName;
    const lock = await client.getMailboxLock(this.#o.mailbox);
    try {
      const box = client.mailbox;
      if (!box) return;
      const uidValidity = String(box.uidValidity);
      let cp: MailCheckpoint | null = await this.#o.state.getCheckpoint(key);
      if (!cp || cp.uidValidity !== uidValidity) {
        // A new UIDVALIDITY invalidates every UID we knew (RFC 9051 §2.3.1.1): rescan; the processed
        // flag and the store's event ids keep already-answered mail from being answered again.
        if (cp) this.#o.logger.warn('mailbox UIDVALIDITY changed: rescanning');
        cp = { uidValidity, lastUid: 0 };
      }
      if (box.exists === 0) return;
      const list: FetchMessageObject[] = [];
      // No other command may run while a FETCH is being read: collect first, then process.
      for await (const m of client.fetch(
        `${cp.lastUid + 1}:*`,
        { uid: true, size: true, flags: true },
        { uid: true },
      ))
        if (m.uid > cp.lastUid) list.push(m);
      list.sort((a, b) => a.uid - b.uid);
      for (const m of list) {
        if (this.#stopped) return;
        if (m.flags?.has(QUARANTINED_FLAG)) {
          // Quarantined before, but the move did not happen (a crash, a lost connection): move it now.
          await this.#moveToQuarantine(client, m.uid);
        } else if (m.flags?.has(PROCESSED_FLAG)) {
          await this.#markDone(client, m.uid);
        } else {
          const failed = await this.#tryOne(client, m, `${uidValidity}:${m.uid}`);
          if (failed) await this.#quarantine(client, m.uid, failed);
          else await this.#markDone(client, m.uid);
        }
        cp = { uidValidity, lastUid: m.uid };
        await this.#o.state.setCheckpoint(key, cp);
        this.events.emit('processed', m.uid);
      }
    } finally {
      lock.release();
    }
  }

  /**
   * Handles one mail; resolves with why it must be quarantined, or undefined when it was handled. Throws
   * (leaving it for the retry after reconnecting) while a failure is not yet the mail's own.
   */
  async #tryOne(
    client: ImapFlow,
    m: FetchMessageObject,
    mailId: string,
  ): Promise<Omit<QuarantinedMail, 'uid' | 'headers'> | undefined> {
    try {
      await this.#processOne(client, m);
      return undefined;
    } catch (err) {
      // A lost connection is not the mail's fault (a download cut short looks like a broken mail to the
      // parser): only a connection that still answers may blame the mail.
      if (this.#closed || !client.usable) throw err;
      await client.noop();
      if (err instanceof StoreUnavailableError) throw err;
      if (err instanceof UnreadableMailError)
        return { reason: 'unreadable', code: err.parserCode, attempts: 1 };
      const code = codeOf(err);
      // Counted in the store (a restart does not start again); an unreachable store throws here, and the
      // mail is retried without being counted.
      const attempts = await this.#o.state.recordFailure(this.lockName, mailId, code);
      this.#o.logger.warn(
        { uid: m.uid, errorCode: code, attempts, quarantineAfter: this.#o.quarantineAfter },
        'mail handling failed',
      );
      if (attempts < this.#o.quarantineAfter) throw err;
      return { reason: 'failing', code, attempts };
    }
  }

  /** Tells `onQuarantine`, then flags the mail and moves it to the quarantine folder. */
  async #quarantine(
    client: ImapFlow,
    uid: number,
    why: Omit<QuarantinedMail, 'uid' | 'headers'>,
  ): Promise<void> {
    const headers = await fetchAnswerHeaders(client, uid);
    await this.#o.onQuarantine?.({ uid, ...why, headers });
    await client.messageFlagsAdd(String(uid), ['\\Flagged', PROCESSED_FLAG, QUARANTINED_FLAG], { uid: true });
    await this.#moveToQuarantine(client, uid);
    this.#o.logger.warn(
      {
        uid,
        reason: why.reason,
        errorCode: why.code,
        attempts: why.attempts,
        folder: this.#o.quarantineFolder,
      },
      'mail quarantined',
    );
    this.events.emit('quarantined', { uid, ...why });
  }

  async #moveToQuarantine(client: ImapFlow, uid: number): Promise<void> {
    const folder = this.#o.quarantineFolder;
    if (!this.#quarantineReady) {
      // Resolves with created: false when it exists (ALREADYEXISTS, RFC 5530).
      await client.mailboxCreate(folder);
      this.#quarantineReady = true;
    }
    const moved = await client.messageMove(String(uid), folder, { uid: true });
    // Flagged as quarantined either way: a rescan skips it, and it is moved again on the next pass.
    if (!moved) this.#o.logger.warn({ uid, folder }, 'quarantined mail could not be moved');
  }

  async #processOne(client: ImapFlow, m: FetchMessageObject): Promise<void> {
    const size = m.size ?? 0;
    if (size > this.#o.maxBytes) {
      const headers = await fetchAnswerHeaders(client, m.uid);
      await this.#o.onMessage({ type: 'oversized', uid: m.uid, size, headers });
      return;
    }
    const download = await client.download(String(m.uid), undefined, { uid: true });
    if (!download.content) return;
    await this.#o.onMessage({ type: 'stream', uid: m.uid, size, content: download.content });
  }

  async #markDone(client: ImapFlow, uid: number): Promise<void> {
    await client.messageFlagsAdd(String(uid), ['\\Seen', PROCESSED_FLAG], { uid: true });
    if (this.#o.doneFolder) await client.messageMove(String(uid), this.#o.doneFolder, { uid: true });
  }
}
