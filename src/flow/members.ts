import { catalogue, t } from './catalogue.js';
import type { Reply } from './replies.js';
import { textReply } from './replies.js';
import { type Actor, type Application, actorKey } from './state.js';
import { words } from './words.js';

/** The outcome of naming teammates: the new application and what to tell the people involved. */
export interface MembersOutcome {
  app: Application;
  /** Actors newly allowed to act (already members are left out). */
  added: Actor[];
  replies: Reply[];
}

const MESSAGES = catalogue('members', {
  added: {
    ja: '申請 {id} に {who} を追加しました。追加されたメンバーも回答・操作できます。',
    en: 'Added {who} to application {id}: they may now answer and act on it too.',
  },
  already: {
    ja: '指定された方はすでにこの申請のメンバーです。',
    en: 'Everyone named is already a member of this application.',
  },
  closed: { ja: 'この申請はすでに終了しています。', en: 'This application is closed.' },
});

/** The most teammates one application carries (a team, not a channel's audience). */
export const MAX_MEMBERS = 20;

/**
 * Names teammates on an application (PROCESS.md: the applicant and the people working on it with them).
 * Pure: the caller has checked that `by` may act; `label` renders an actor for the reply (a mention).
 */
export function addMembers(
  input: Application,
  add: Actor[],
  ctx: { now: Date; label: (a: Actor) => string },
): MembersOutcome {
  const app: Application = structuredClone(input);
  const lang = app.lang;
  if (app.status !== 'active') {
    return { app, added: [], replies: [{ type: 'text', tone: 'error', text: MESSAGES.closed[lang] }] };
  }
  const known = new Set(app.members.map(actorKey));
  const added: Actor[] = [];
  for (const a of add) {
    if (known.has(actorKey(a)) || app.members.length >= MAX_MEMBERS) continue;
    known.add(actorKey(a));
    app.members.push(a);
    added.push(a);
  }
  if (added.length === 0) return { app, added, replies: [{ type: 'text', text: MESSAGES.already[lang] }] };
  app.updatedAt = ctx.now.toISOString();
  const who = added.map(ctx.label).join(t(words.listSeparator, lang));
  return {
    app,
    added,
    replies: [textReply(MESSAGES.added, lang, { id: app.id, who }, 'success')],
  };
}
