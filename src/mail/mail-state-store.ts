/** One outgoing mail, written to the outbox before it is sent (so a crash or an SMTP failure loses nothing). */
export interface OutboxMessage {
  /** Stable id: the same reply is never put twice. */
  id: string;
  applicationId?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Our own Message-ID, fixed before the first attempt: a retried send carries the same id. */
  messageId: string;
  inReplyTo?: string;
  references: string[];
  /** Sent as `Auto-Submitted: auto-generated` (a notice); absent: `auto-replied` (an answer). */
  autoSubmitted?: 'auto-generated';
  /** The correlation id of the turn that wrote it (src/ops/correlation.ts), logged with each send. */
  corr?: string;
  createdAt: string;
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAttemptAt: number;
  status: 'pending' | 'sent' | 'failed';
  sentAt?: string;
  /** Error code of the last failed attempt (never the server's text: it may echo addresses). */
  lastError?: string;
}

/** Where the mailbox reader stopped: UIDs are only meaningful with the UIDVALIDITY they were read under. */
export interface MailCheckpoint {
  uidValidity: string;
  lastUid: number;
}

/**
 * The last inbound mail that failed to be handled, per mailbox. One record per mailbox is enough: the
 * reader stops at the first mail that fails, so only the mail just above the checkpoint can be failing.
 */
export interface MailFailure {
  /** Which mail: `<UIDVALIDITY>:<UID>` (or any id the reader uses). */
  mail: string;
  /** The error code it failed with: a different code starts the count again. */
  code: string;
  /** Consecutive failures of that mail with that code. */
  count: number;
}

/** What is needed to answer in an application's mail thread. */
export interface MailThread {
  applicationId: string;
  /** The applicant's address (and teammates who wrote in the thread), lower case. */
  to: string[];
  /** Message-IDs of the thread, oldest first (RFC 5322 §3.6.4), capped. */
  references: string[];
}

/**
 * State the email channel keeps besides applications: the outbox, the IMAP checkpoint, the mailbox lock
 * and the thread of each application. Every implementation passes test/mail/state-contract.ts.
 *
 * Promised: `putOutbox` is idempotent by id; `recordFailure` counts consecutive failures of one mail with
 * one code (another mail or another code starts again at 1) and survives a restart as the checkpoint does; `acquireLock` gives the lock to one owner at a time until
 * its ttl lapses; `renewLock`/`releaseLock` act only for the owner that holds it.
 * Not promised: an order among due messages with the same time; that a lapsed lock is noticed by its
 * old owner before the new one acquires it (owners renew well inside the ttl).
 */
export interface MailStateStore {
  putOutbox(message: OutboxMessage): Promise<boolean>;
  getOutbox(id: string): Promise<OutboxMessage | null>;
  /** Pending messages whose next attempt is due at `now`, oldest due first. */
  dueOutbox(now: number, limit?: number): Promise<OutboxMessage[]>;
  markSent(id: string, sentAt: string): Promise<void>;
  /** Records a failed attempt: `nextAttemptAt` to retry, or undefined to give up (kept as `failed`). */
  markFailed(id: string, error: string, nextAttemptAt: number | undefined): Promise<void>;
  getCheckpoint(mailbox: string): Promise<MailCheckpoint | null>;
  setCheckpoint(mailbox: string, checkpoint: MailCheckpoint): Promise<void>;
  /** Counts one failed attempt at `mail` in `mailbox` with `code`; returns the failures so far (≥ 1). */
  recordFailure(mailbox: string, mail: string, code: string): Promise<number>;
  getThread(applicationId: string): Promise<MailThread | null>;
  setThread(thread: MailThread): Promise<void>;
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}
