import { mayAct } from '../conversation/run-turn.js';
import { addMembers } from '../flow/members.js';
import { actorKey } from '../flow/state.js';
import type { Text } from '../flow/types.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { slackActor } from './slack-ids.js';
import type { BotContext } from './slack-turn.js';

const TEXT = {
  forbidden: {
    ja: 'メンバーを追加できるのは、この申請のメンバーだけです。',
    en: 'Only members of this application can add teammates.',
  },
  noApplication: {
    ja: '対象の申請が見つかりません。申請のスレッドで「add @名前」と送るか、`/evssl add @名前 申請番号` を使ってください。',
    en: 'No application found. Say "add @name" in the application’s thread, or use `/evssl add @name APPLICATION-ID`.',
  },
  busy: {
    ja: '同じ申請への操作が重なりました。もう一度お試しください。',
    en: 'The application was being updated by someone else. Please try again.',
  },
} satisfies Record<string, Text>;

/** Recognises "add @a @b" / "追加 @a" typed in a thread: the mentioned Slack user ids, else undefined. */
export function parseAddMembers(text: string): string[] | undefined {
  const m = /^\s*(?:add|invite|追加|メンバー追加)\s+((?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,、]*)+)$/i.exec(text);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/<@([UW][A-Z0-9]+)/g)].map((x) => x[1]!);
}

/**
 * Names teammates on an application (by an existing member only): load, the pure `addMembers`, one
 * compare-and-set save with an audit line that records who was added by whom, retried on conflict.
 * Returns a mrkdwn message: the engine's text escaped, the new members as real mentions.
 */
export async function membersTurn(
  ctx: BotContext,
  req: { applicationId: string | null; scope: string; user: string; users: string[] },
): Promise<string> {
  const { store } = ctx.services;
  const by = slackActor(req.scope, req.user);
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = req.applicationId ? await store.load(req.applicationId) : null;
    if (!stored) return TEXT.noApplication[ctx.lang];
    const lang = stored.app.lang;
    if (!mayAct(stored.app, by)) return TEXT.forbidden[lang];
    const now = (ctx.services.clock ?? (() => new Date()))();
    const out = addMembers(
      stored.app,
      req.users.map((u) => slackActor(req.scope, u)),
      { now, label: (a) => `@@${a.id.slice(req.scope.length + 1)}@@` },
    );
    const text = out.replies.map((r) => (r.type === 'text' ? r.text : '')).join('\n');
    const rendered = escapeMrkdwn(text).replace(/@@([UW][A-Z0-9]+)@@/g, '<@$1>');
    if (out.added.length === 0) return rendered;
    const saved = await store.save({
      app: out.app,
      expectedVersion: stored.version,
      audit: {
        at: now.toISOString(),
        actor: actorKey(by),
        changed: out.added.map((a) => `member:${actorKey(a)}`),
        event: 'members',
      },
    });
    if (saved.status === 'saved') return rendered;
  }
  return TEXT.busy[ctx.lang];
}
