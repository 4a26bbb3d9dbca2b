import type { Actor } from '../flow/state.js';

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

export function scopeOf(teamId: string | undefined, enterpriseId?: string | null): string {
  return enterpriseId || teamId || 'unknown';
}

/** The conversation key runTurn is given: `slack:<scope>:<channel>:<thread_ts|main>`. */
export function conversationKey(place: SlackPlace): string {
  return `slack:${place.scope}:${place.channel}:${place.thread ?? TOP}`;
}

export function parseConversationKey(key: string): SlackPlace | undefined {
  const m = /^slack:([^:]+):([^:]+):([^:]+)$/.exec(key);
  if (!m) return undefined;
  return { scope: m[1]!, channel: m[2]!, ...(m[3] !== TOP ? { thread: m[3]! } : {}) };
}

/** The engine's actor for a Slack user: `{channel:'slack', id:'<scope>:<user>'}`. */
export function slackActor(scope: string, userId: string): Actor {
  return { channel: 'slack', id: `${scope}:${userId}` };
}

/** The user ids mentioned in Slack text (`<@U123>` or `<@U123|name>`). */
export function mentionedUsers(text: string): string[] {
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}

/** A Slack user id from an actor of the same scope, for `<@U…>` mentions; undefined for other channels. */
export function slackUserOf(actor: Actor, scope: string): string | undefined {
  if (actor.channel !== 'slack' || !actor.id.startsWith(`${scope}:`)) return undefined;
  return actor.id.slice(scope.length + 1);
}
