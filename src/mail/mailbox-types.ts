import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { CodedError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { MailStateStore } from './mail-state-store.js';
import type { AccessTokenSource } from './oauth-token.js';

/** Keyword set on every processed message (besides \Seen), so a lost checkpoint never re-answers mail. */
export const PROCESSED_FLAG = '$EvsslProcessed';

/** Keyword set on a quarantined message (with `\Flagged`), so a rescan never handles it again. */
export const QUARANTINED_FLAG = '$EvsslQuarantined';

/**
 * The header fields read from a mail the bot could not load (too large, unreadable, failing): enough to
 * classify it, find its application and answer in its thread, without a header block that may itself be
 * the poison (a Subject of 20,000 encoded words is fetched only while the fields stay small).
 */
export const ANSWER_HEADER_FIELDS = [
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'return-path',
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-autoresponder',
  'x-auto-response-suppress',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'authentication-results',
] as const;
/** The most header bytes fetched to answer a mail that could not be loaded. */
export const MAX_ANSWER_HEADERS = 64 * 1024;

/** ANSWER_HEADER_FIELDS of a mail, without the Subject when the fields are too large with it. */
export async function fetchAnswerHeaders(client: ImapFlow, uid: number): Promise<Buffer> {
  for (const fields of [ANSWER_HEADER_FIELDS, ANSWER_HEADER_FIELDS.filter((f) => f !== 'subject')]) {
    const head = await client.fetchOne(String(uid), { uid: true, headers: [...fields] }, { uid: true });
    const headers = head ? head.headers : undefined;
    if (headers && headers.length <= MAX_ANSWER_HEADERS) return headers;
  }
  return Buffer.alloc(0);
}

/**
 * Thrown by `onMessage` when the parser cannot read the mail (too many MIME parts, a header block over
 * its limit, anything it refuses): the same bytes fail the same way every time, so the mail is
 * quarantined at once instead of retried.
 */
export class UnreadableMailError extends CodedError {
  constructor(
    /** The parser's own code (e.g. mailparser's `EMAXLEN`). */
    readonly parserCode: string,
  ) {
    super('mail_unreadable', `the parser cannot read this mail (${parserCode})`);
  }
}

/** A mail taken out of the mailbox: why, and the header fields to answer its sender with. */
export interface QuarantinedMail {
  uid: number;
  /** `unreadable`: the parser refused it; `failing`: handling it failed `attempts` times the same way. */
  reason: 'unreadable' | 'failing';
  /** The parser's or the failure's error code (never a message: it may echo the mail). */
  code: string;
  attempts: number;
  /** ANSWER_HEADER_FIELDS of the mail (empty when even they are too large). */
  headers: Buffer;
}

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
  /**
   * Handles one message. A throw leaves it unprocessed and is retried after reconnecting, up to
   * `quarantineAfter` times for the same failure; an UnreadableMailError quarantines it at once.
   */
  onMessage: (source: MessageSource) => Promise<void>;
  /** Runs before a mail is quarantined (answer its sender, log); a throw leaves it for the next pass. */
  onQuarantine?: (mail: QuarantinedMail) => Promise<void>;
  /** Runs after each pass over the mailbox (e.g. flush the outbox while holding the lock). */
  afterPass?: () => Promise<void>;
  maxBytes: number;
  pollMs: number;
  /** Processed mail is moved here instead of being flagged in place. */
  doneFolder?: string;
  /** Mail that cannot be handled is flagged and moved here (created when missing). */
  quarantineFolder?: string;
  /** Failures of one mail with one error code before it is quarantined. */
  quarantineAfter?: number;
  /** Lease of the mailbox lock, renewed every third of it while held. */
  lockTtlMs?: number;
  /** How often an instance that does not hold the lock tries to take it. */
  lockRetryMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}
