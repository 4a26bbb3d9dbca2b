/**
 * Conversation keys: the one string by which every channel names a conversation (bound to at most one
 * application in the store, the outbox's destination, the metrics' channel label). Built and read only
 * here: `slack:<scope>:<channel>:<thread_ts|main>`, `email:<root Message-ID>`, `email:ref:<reference>`,
 * `console:<session>`.
 */

/**
 * Where a Slack conversation lives: a workspace scope, a channel, and a thread (`undefined` = the top
 * level of a direct message with the bot). One application per thread; the scope is the Enterprise
 * Grid org when there is one (user and channel ids are org-wide there), else the workspace.
 */
export interface SlackPlace {
  scope: string;
  channel: string;
  thread?: string;
}

const TOP = 'main';

/** The key of a Slack conversation (see SlackPlace). */
export function slackConversationKey(place: SlackPlace): string {
  return `slack:${place.scope}:${place.channel}:${place.thread ?? TOP}`;
}

/** The Slack place of a key; undefined for another channel's key. */
export function parseSlackConversationKey(key: string): SlackPlace | undefined {
  const m = /^slack:([^:]+):([^:]+):([^:]+)$/.exec(key);
  if (!m) return undefined;
  return { scope: m[1]!, channel: m[2]!, ...(m[3] !== TOP ? { thread: m[3]! } : {}) };
}

/** An email thread, named by the Message-ID of its first mail (bound for every later Message-ID too). */
export function emailConversationKey(messageId: string): string {
  return `email:${messageId}`;
}

/** An email thread found through a reference the bot wrote (`References:`/`In-Reply-To:`). */
export function emailReferenceKey(reference: string): string {
  return `email:ref:${reference}`;
}

/** A console session (`local:<user>` keeps an application across restarts). */
export function consoleConversationKey(session: string): string {
  return `console:${session}`;
}

/** The channel a key belongs to (`slack`, `email`, `console`; `system` for the store's own `app:` keys). */
export function channelOfKey(key: string): string {
  const name = key.slice(0, Math.max(0, key.indexOf(':')));
  return name === 'app' ? 'system' : name || 'unknown';
}
