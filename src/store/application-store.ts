import type { Application } from '../flow/state.js';

/** An application with the version the store holds it at (compare-and-set token). */
export interface StoredApplication {
  app: Application;
  version: number;
}

/** One line of an application's audit trail: who did what, never the values of personal fields. */
export interface AuditEntry {
  at: string;
  /** `channel:id` of the actor (an email address or Slack user id: who acted is needed to audit). */
  actor: string;
  /** The step the application was at after the turn. */
  step?: string;
  /** Question ids whose answers changed (e.g. `field.phone`), never their values. */
  changed: string[];
  /** Kind of inbound event (`text`, `choice`, `form`, `ca-mail`, …). */
  event?: string;
}

export interface SaveRequest {
  app: Application;
  /** The version the turn read; 0 creates a new application. */
  expectedVersion: number;
  /** Idempotency key of the inbound event (Slack event id, email Message-ID): recorded in the same write. */
  eventId?: string;
  audit?: AuditEntry;
  /** Conversation keys (console session, Slack thread, email thread) bound to this application. */
  bind?: string[];
}

export type SaveResult =
  | { status: 'saved'; version: number }
  /** Someone else wrote first: `current` is what the store holds now (null if it was deleted). */
  | { status: 'conflict'; current: StoredApplication | null }
  /** The event id was already processed: nothing was written. */
  | { status: 'duplicate' };

/** What one turn reads, in one round trip (or none, from an in-process cache). */
export interface TurnRead {
  /** The application the conversation is bound to. */
  applicationId: string | null;
  /** Null when unbound, or bound to an application that no longer exists (expired, deleted). */
  stored: StoredApplication | null;
  /**
   * The event id was already processed. A store answering from its cache may not know yet: its `save`
   * then answers `duplicate` and writes nothing.
   */
  duplicate: boolean;
}

export interface ListFilter {
  status?: Application['status'];
  /** `channel:id` of a member. */
  member?: string;
}

/**
 * Where applications live. Every implementation passes test/store/contract.ts.
 *
 * Promised: `save` is atomic (state, version bump, event id, audit entry and bindings all commit or none
 * do; the Redis store in a Cluster writes bindings just after the commit) and refuses a stale
 * `expectedVersion`; an event id is remembered for at least `eventTtlMs`; `loadForTurn` + `save` is a
 * whole turn (one read, one write).
 * Not promised: any order from `list`; atomicity across two applications; that a conversation binding
 * survives its application's expiry; that `loadForTurn` is fresh (a cache may answer: `save`'s
 * compare-and-set catches staleness); reading your own write from another process without `load`.
 */
export interface ApplicationStore {
  /** A turn's read: the conversation's binding, its application and whether the event was processed. */
  loadForTurn(conversation: string, eventId?: string): Promise<TurnRead>;
  load(id: string): Promise<StoredApplication | null>;
  save(request: SaveRequest): Promise<SaveResult>;
  /**
   * Whether an event id was processed. Event ids are kept per application (one Cluster slot), so the
   * Redis store needs `applicationId`; the memory store ignores it.
   */
  isProcessed(eventId: string, applicationId?: string): Promise<boolean>;
  /** The application a conversation is bound to. */
  resolve(conversation: string): Promise<string | null>;
  bind(conversation: string, applicationId: string): Promise<void>;
  /**
   * The conversation keys bound to an application now (a key re-bound to another application is not
   * among them), oldest binding first: a CA-mail notice finds the application's Slack thread here.
   * Bindings made before a store kept this index are not listed.
   */
  conversations(applicationId: string): Promise<string[]>;
  list(filter?: ListFilter): Promise<StoredApplication[]>;
  audit(applicationId: string): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
