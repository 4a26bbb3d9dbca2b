import type { Reply } from '../flow/replies.js';
import { type Application, actorKey } from '../flow/state.js';
import type { StepId } from '../flow/steps.js';
import type { Lang } from '../flow/types.js';

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
  step?: StepId;
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
  /**
   * Binds `conversation` to this application only if it is bound to `expected` now (null: to nothing,
   * or to an application that no longer exists), atomically with the write: two processes starting an
   * application for one conversation at once make one. Otherwise nothing is written: `bound`.
   */
  claim?: { conversation: string; expected: string | null };
  /**
   * The conversation the turn came from and the question it is shown now (null: none): kept per
   * conversation, so a re-run after a conflict judges an answer against what that conversation was
   * shown, not against a process's cached state. Read back by `loadForTurn` and in a conflict.
   */
  shown?: { conversation: string; question: string | null };
  /** Replies the turn owes (a transactional outbox): committed with it, delivered after. */
  outbox?: NewOutboxEntry[];
}

/** A reply a committed turn owes a conversation, kept until a channel delivered it. */
export interface OutboxEntry {
  /** `<version>.<n>`: the version of the commit that wrote it, then its place in that commit. */
  id: string;
  /** Where it goes (a Slack thread, an email thread): the conversation key. */
  conversation: string;
  replies: Reply[];
  lang: Lang;
  /** When it was committed (ms since the epoch). */
  at: number;
}

export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'at'>;

export type SaveResult =
  /** `outbox`: the entries written, with their ids (none given: empty). */
  | { status: 'saved'; version: number; outbox: OutboxEntry[] }
  /**
   * Someone else wrote first: `current` is what the store holds now (null if it was deleted), and
   * `shown` what the request's `shown.conversation` was last shown (undefined: not recorded).
   */
  | { status: 'conflict'; current: StoredApplication | null; shown?: string | null }
  /** The `claim`ed conversation is bound to another application now (nothing was written). */
  | { status: 'bound'; applicationId: string }
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
  /** The question this conversation was last shown (SaveRequest.shown); undefined: not recorded. */
  shown?: string | null;
}

/** What `list` returns: the applications matching every given property (AND); none given, all of them. */
export interface ListFilter {
  status?: Application['status'];
  /** `channel:id` of a member. */
  member?: string;
  /**
   * A Slack workspace scope (src/bot/slack-ids.ts `scopeOf`): applications with a Slack member whose id
   * starts with `${workspace}:`. With SLACK_STATUS_VISIBILITY=workspace, the others of a user's workspace.
   */
  workspace?: string;
  /**
   * Applications whose certificate covers this host name (the CSR's domain, common name or SANs),
   * compared bare on both sides (`bareHostName`: `WWW.Example.jp` finds a CSR for `*.example.jp`).
   * A CA mail names the domain it is about (src/camail/route-ca-mail.ts).
   */
  hostName?: string;
  /** Applications whose CA order number (`app.ca.orderNumber`) is exactly this. */
  orderNumber?: string;
}

/**
 * A host name as `hostName` compares it: lowercase, a leading `*.` then a leading `www.` removed once
 * (`www.example.co.jp` ≈ `example.co.jp` ≈ `*.example.co.jp`). Each side is stripped once, so pass
 * `hostName` as the mail gave it, not already bare (`www.www.x` would lose a second `www.`).
 */
export function bareHostName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^\*\./, '')
    .replace(/^www\./, '');
}

/** Bare host names a certificate covers, `www.` aside: the CSR's domain, common name and SANs. */
export function hostNamesOf(app: Application): Set<string> {
  const names = [app.csr?.domain, app.csr?.commonName, ...(app.csr?.sans ?? [])];
  return new Set(names.filter((n): n is string => Boolean(n)).map(bareHostName));
}

/**
 * What a store indexes an application under for `list`, as terms `kind|value`: `member|<channel:id>` of
 * each member, `ws|<scope>` for every `scope` a Slack member id starts with (`${scope}:`; Slack ids are
 * `<scope>:<user>`, neither part has a colon), `host|<bare name>` of each host name its CSR covers, and
 * `order|<number>` of its CA order number. Deduplicated and sorted.
 *
 * Both stores skip re-filing on a save whose terms cannot have changed: the Redis store while the sealed
 * personal part is the stored one (members, `csr` and `ca` all live in it: app-codec.ts), the memory store
 * while the terms equal the stored ones. A new kind of term read from anything else must extend the
 * Redis store's check.
 */
export function indexTerms(app: Application): string[] {
  const terms = new Set<string>();
  for (const m of app.members ?? []) {
    terms.add(`member|${actorKey(m)}`);
    if (m.channel !== 'slack') continue;
    for (let at = m.id.indexOf(':'); at >= 0; at = m.id.indexOf(':', at + 1))
      terms.add(`ws|${m.id.slice(0, at)}`);
  }
  for (const name of hostNamesOf(app)) terms.add(`host|${name}`);
  if (app.ca?.orderNumber !== undefined) terms.add(`order|${app.ca.orderNumber}`);
  return [...terms].sort();
}

/**
 * The index term `list` reads a filter by: its most selective indexed property (order number, host
 * name, member, workspace), and that property alone as a filter (what a filed id must still match).
 * Undefined: nothing indexed given.
 */
export function indexedTerm(filter: ListFilter): { term: string; criterion: ListFilter } | undefined {
  const { orderNumber, hostName, member, workspace } = filter;
  if (orderNumber !== undefined) return { term: `order|${orderNumber}`, criterion: { orderNumber } };
  if (hostName !== undefined) return { term: `host|${bareHostName(hostName)}`, criterion: { hostName } };
  if (member !== undefined) return { term: `member|${member}`, criterion: { member } };
  if (workspace !== undefined) return { term: `ws|${workspace}`, criterion: { workspace } };
  return undefined;
}

/** Whether an application passes a list filter (every given property). */
export function matchesFilter(app: Application, filter: ListFilter): boolean {
  if (filter.status !== undefined && app.status !== filter.status) return false;
  if (filter.member !== undefined && !app.members.some((m) => actorKey(m) === filter.member)) return false;
  if (filter.workspace !== undefined) {
    const prefix = `${filter.workspace}:`;
    if (!app.members.some((m) => m.channel === 'slack' && m.id.startsWith(prefix))) return false;
  }
  if (filter.orderNumber !== undefined && app.ca?.orderNumber !== filter.orderNumber) return false;
  if (filter.hostName !== undefined && !hostNamesOf(app).has(bareHostName(filter.hostName))) return false;
  return true;
}

/**
 * Where applications live. Every implementation passes test/store/contract.ts.
 *
 * Promised: `save` is atomic (state, version bump, event id, audit entry, bindings, the claimed binding,
 * the shown question and the outbox entries all commit or none do; the Redis store in a Cluster claims
 * first and writes other bindings just after the commit) and refuses a stale
 * `expectedVersion`; an event id is remembered for at least `eventTtlMs`; `loadForTurn` + `save` is a
 * whole turn (one read, one write).
 * Not promised: that an owed reply is delivered only once (a relay that crashes after delivering and
 * before `delivered` leaves it owed: at-least-once); any order from `list`; atomicity across two applications; that a conversation binding
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
  /**
   * With `orderNumber`, `hostName`, `member` or `workspace`, reads only the applications indexed under
   * one of them (App Home and `/evssl status` after every Slack turn; the routing of each CA mail);
   * with none, every application (a scan on Redis).
   */
  list(filter?: ListFilter): Promise<StoredApplication[]>;
  audit(applicationId: string): Promise<AuditEntry[]>;
  /**
   * Ids of applications with replies owed since at least `olderThanMs` ago (oldest first), at most
   * `limit`: what a relay delivers when the process that committed them did not (it crashed).
   */
  owed(olderThanMs: number, limit: number): Promise<string[]>;
  /**
   * Takes the delivery lease of an application's owed replies for `leaseMs` (renewed if `holder` holds
   * it already) and returns them, oldest first; null when another holder has the lease. Two relays
   * never deliver one application's replies at once.
   */
  claimOwed(applicationId: string, holder: string, leaseMs: number): Promise<OutboxEntry[] | null>;
  /** The entries were delivered: forgotten. `holder` given: its lease is given back too. */
  delivered(applicationId: string, ids: string[], holder?: string): Promise<void>;
  /**
   * Records an event id that commits nothing (the greeting of an unbound conversation) for every
   * process at once: true the first time, false while it is remembered.
   */
  claimEvent(eventId: string): Promise<boolean>;
  close(): Promise<void>;
}
