import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FetchMessageObject, ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Logger } from '../log/logger.js';
import type { MailCheckpoint, MailStateStore } from './mail-state-store.js';
import type { AccessTokenSource } from './oauth-token.js';

/** Keyword set on every processed message (besides \Seen), so a lost checkpoint never re-answers mail. */
export const PROCESSED_FLAG = '$EvsslProcessed';

export type MessageSource =
  | { type: 'stream'; uid: number; size: number; content: NodeJS.ReadableStream }
  /** Larger than `maxBytes`: only the headers were fetched (to answer politely), the body never. */
  | { type: 'oversized'; uid: number; size: number; headers: Buffer };

export interface MailboxWatcherOptions {
  imap: Pick<ImapFlowOptions, 'host' | 'port' | 'secure' | 'auth' | 'tls'>;
  /**
   * OAuth2: every connection (the first and each reconnect) logs in as `imap.auth.user` with a token from
   * here, fresh enough to outlive the login; a refused login invalidates it before the reconnect.
   */
  accessToken?: AccessTokenSource;
  mailbox: string;
  state: MailStateStore;
  /** Unique per running instance: the holder of the mailbox lock. */
  owner: string;
  logger: Logger;
  /** Handles one message; a throw leaves it unprocessed (retried after reconnecting). */
  onMessage: (source: MessageSource) => Promise<void>;
  /** Runs after each pass over the mailbox (e.g. flush the outbox while holding the lock). */
  afterPass?: () => Promise<void>;
  maxBytes: number;
  pollMs: number;
  /** Processed mail is moved here instead of being flagged in place. */
  doneFolder?: string;
  lockTtlMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Reads one mailbox: IDLE for new mail (imapflow's auto-IDLE, started 1 s after the last command) with a
 * poll every `pollMs` as fallback; new messages fetched by UID above the checkpoint, which is stored
 * with the UIDVALIDITY after each message, so a restart neither loses nor repeats mail. A store lock
 * makes sure only one instance reads the mailbox; a lost connection reconnects with backoff.
 */
export class MailboxWatcher {
  readonly events = new EventEmitter();
  readonly #o: Required<Omit<MailboxWatcherOptions, 'doneFolder' | 'afterPass' | 'accessToken'>> &
    Pick<MailboxWatcherOptions, 'doneFolder' | 'afterPass' | 'accessToken'>;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #client: ImapFlow | undefined;
  #wake: (() => void) | undefined;
  #dirty = false;

  constructor(options: MailboxWatcherOptions) {
    this.#o = { lockTtlMs: 60_000, minBackoffMs: 1_000, maxBackoffMs: 300_000, ...options };
  }

  get lockName(): string {
    const user = this.#o.imap.auth?.user ?? '';
    return `mailbox:${user}@${this.#o.imap.host}:${this.#o.mailbox}`;
  }

  /** True while connected as the lock holder (the outbox is only sent then). */
  get active(): boolean {
    return this.#client !== undefined;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#poke();
    await this.#client?.logout().catch(() => undefined);
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
        await this.#pause(this.#o.pollMs);
        continue;
      }
      try {
        await this.#session();
        failures = 0;
      } catch (err) {
        failures++;
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
      const backoff = Math.min(this.#o.maxBackoffMs, this.#o.minBackoffMs * 2 ** Math.max(0, failures - 1));
      await this.#pause(failures > 0 ? backoff : this.#o.minBackoffMs);
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
    let closed = false;
    client.on('close', () => {
      closed = true;
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
      this.events.emit('connected');
      while (!this.#stopped && !closed) {
        this.#dirty = false;
        await this.#drain(client);
        await this.#o.afterPass?.();
        this.events.emit('idle');
        if (!this.#dirty) await this.#pause(this.#o.pollMs);
      }
      if (closed && !this.#stopped)
        throw Object.assign(new Error('connection closed'), { code: 'EConnectionClosed' });
    } finally {
      clearInterval(renew);
      this.#client = undefined;
      if (!closed) await client.logout().catch(() => client.close());
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
        if (!m.flags?.has(PROCESSED_FLAG)) await this.#processOne(client, m);
        await this.#markDone(client, m.uid);
        cp = { uidValidity, lastUid: m.uid };
        await this.#o.state.setCheckpoint(key, cp);
        this.events.emit('processed', m.uid);
      }
    } finally {
      lock.release();
    }
  }

  async #processOne(client: ImapFlow, m: FetchMessageObject): Promise<void> {
    const size = m.size ?? 0;
    if (size > this.#o.maxBytes) {
      const head = await client.fetchOne(String(m.uid), { uid: true, headers: true }, { uid: true });
      const headers = (head ? head.headers : undefined) ?? Buffer.alloc(0);
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
