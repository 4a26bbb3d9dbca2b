import type { Logger } from 'pino';
import type { Notifiers } from '../camail/notify.js';
import type { SiteChecker } from '../check/site-check-facts.js';
import type { EngineDeps } from '../flow/deps.js';
import type { Inbound } from '../flow/engine.js';
import type { Effect, Reply } from '../flow/replies.js';
import type { Actor, Application } from '../flow/state.js';
import type { Lang } from '../flow/types.js';
import type { Reminders } from '../remind/reminders.js';
import type { ApplicationStore, OutboxEntry } from '../store/application-store.js';

/** The one inbound request every channel hands the dispatcher (runTurn), and what it answers. */

export interface TurnServices {
  store: ApplicationStore;
  deps: EngineDeps;
  logger: Logger;
  /** The time (a required dependency: tests pin it, production passes `() => new Date()`). */
  clock: () => Date;
  newId?: () => string;
  /** Compare-and-set retries before giving up (another writer keeps winning). */
  maxRetries?: number;
  /**
   * Called once after a turn has committed, with what it saved and its effects (renewal reminders and
   * stalled-step nudges listen here). Never called for a turn that did not commit.
   */
  onCommitted?: (turn: CommittedTurn) => Promise<void>;
  /**
   * Conversations whose replies are written to the store's outbox with the turn (a channel that
   * delivers from it, src/conversation/outbox-relay.ts): the reply of a turn that committed is then
   * never lost to a crash before it was sent. Others get their replies in the result only.
   */
  durable?: (conversation: string) => boolean;
  /** Runs the live site check an issued application's "check site" asks for (before the engine). */
  siteCheck?: SiteChecker;
  /** The running channels' notifiers (built by the composition root; each channel registers its own). */
  notifiers?: Notifiers;
  /** This instance's reminders, when they run (the composition root starts them before any channel). */
  reminders?: Reminders;
}

/** What a committed turn saved, for the listeners that act after a commit (reminders, nudges). */
export interface CommittedTurn {
  /** The application as saved by the turn. */
  app: Application;
  /** The channel conversation key (`slack:<team>:<channel>:<thread>`, `email:<thread>`, `console:…`). */
  conversation: string;
  effects: Effect[];
}

export interface TurnRequest {
  /** Channel conversation key: `console:<session>`, `slack:<team>:<channel>:<thread_ts>`, `email:<thread>`. */
  conversation: string;
  actor: Actor;
  event: Inbound;
  /** Idempotency key of the inbound event (Slack event id, email Message-ID). */
  eventId?: string;
  /** Language for a conversation that has no application yet. */
  lang?: Lang;
  /**
   * The bot itself acts (a recognised CA mail): membership is not checked and an unbound conversation
   * never starts an application. Set only by runTurnOnApplication.
   */
  system?: true;
  /** A conversation whose application is closed starts a new one when the person names a flow. */
  restartClosed?: boolean;
  /**
   * Teammates to name on the conversation's application (`add @name`), in place of the engine's
   * handling of `event`; `label` renders one in the reply (a Slack mention).
   */
  members?: { add: Actor[]; label: (a: Actor) => string };
}

export type TurnResult =
  | {
      status: 'done';
      applicationId?: string;
      app?: Application;
      replies: Reply[];
      effects: Effect[];
      /** The replies as written to the outbox with the turn (durable conversations): deliver these. */
      outbox?: OutboxEntry[];
      /**
       * The store was unreachable: `not-saved`, the turn certainly did not commit (send again);
       * `unknown`, the write was sent but its answer lost (a resend is recognised by its event id).
       * `replies` then say so to the person.
       */
      unavailable?: 'not-saved' | 'unknown';
    }
  | { status: 'duplicate' }
  | { status: 'forbidden'; replies: Reply[]; app: Application };
