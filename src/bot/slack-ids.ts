import type { Actor } from '../flow/state.js';

export type { SlackPlace } from '../conversation/conversation-key.js';

export function scopeOf(teamId: string | undefined, enterpriseId?: string | null): string {
  return enterpriseId || teamId || 'unknown';
}

/** The engine's actor for a Slack user: `{channel:'slack', id:'<scope>:<user>'}`. */
export function slackActor(scope: string, userId: string): Actor {
  return { channel: 'slack', id: `${scope}:${userId}` };
}

/** The user ids mentioned in Slack text (`<@U123>` or `<@U123|name>`). */
export function mentionedUsers(text: string): string[] {
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
}
