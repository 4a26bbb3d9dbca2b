import { parseSlackConversationKey } from '../conversation/conversation-key.js';
import { runTurn, runTurnOnApplication, type TurnResult } from '../conversation/run-turn.js';
import { catalogue } from '../flow/catalogue.js';
import type { Reply } from '../flow/replies.js';
import { placeDestination, postBlocks, webClientPost } from './deliver.js';
import { escapeText } from './mrkdwn.js';
import { slackActor } from './slack-ids.js';
import { type BotContext, RedeliverError } from './slack-turn.js';

const TEXTS = catalogue('slack.members', {
  text: {
    forbidden: {
      ja: 'メンバーを追加できるのは、この申請のメンバーだけです。',
      en: 'Only members of this application can add teammates.',
    },
    noApplication: {
      ja: '対象の申請が見つかりません。申請のスレッドで「add @名前」と送るか、`/evssl add @名前 申請番号` を使ってください。',
      en: 'No application found. Say "add @name" in the application’s thread, or use `/evssl add @name APPLICATION-ID`.',
    },
  },
});

/** Recognises "add @a @b" / "追加 @a" typed in a thread: the mentioned Slack user ids, else undefined. */
export function parseAddMembers(text: string): string[] | undefined {
  const m = /^\s*(?:add|invite|追加|メンバー追加)\s+((?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,、]*)+)$/i.exec(text);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/<@([UW][A-Z0-9]+)/g)].map((x) => x[1]!);
}

export interface MembersRequest {
  /** The thread the names were typed in, or `applicationId` named by `/evssl add @name ID`. */
  conversation?: string;
  applicationId?: string;
  scope: string;
  user: string;
  users: string[];
  eventId?: string;
  /** As in SlackTurnRequest: an Events API message is redelivered, a command is answered. */
  onUnavailable: 'redeliver' | 'answer';
}

/**
 * Names teammates on an application (by an existing member only): a turn like any other (one
 * compare-and-set, retried on conflict, its audit line saying who was added by whom). In a thread the
 * answer is posted there; a command gets it back as mrkdwn. The engine's text is escaped, the new
 * members rendered as real mentions.
 */
export async function membersTurn(ctx: BotContext, req: MembersRequest): Promise<string> {
  const actor = slackActor(req.scope, req.user);
  const members = {
    add: req.users.map((u) => slackActor(req.scope, u)),
    label: (a: { id: string }) => `@@${a.id.slice(req.scope.length + 1)}@@`,
  };
  const turn = {
    actor,
    event: { type: 'text' as const, text: '' },
    members,
    ...(req.eventId ? { eventId: req.eventId } : {}),
  };
  let result: TurnResult;
  if (req.conversation) result = await runTurn(ctx.services, { ...turn, conversation: req.conversation });
  else if (req.applicationId) {
    const exists = await ctx.services.store.load(req.applicationId).catch(() => undefined);
    result =
      exists === null
        ? { status: 'done', replies: [], effects: [] }
        : await runTurnOnApplication(ctx.services, req.applicationId, turn, 'member');
  } else result = { status: 'done', replies: [], effects: [] };
  if (result.status === 'done' && result.unavailable && req.onUnavailable === 'redeliver') {
    throw new RedeliverError();
  }
  const text = answerText(ctx, result);
  const place = req.conversation ? parseSlackConversationKey(req.conversation) : undefined;
  if (place && text !== undefined) {
    const to = placeDestination(place);
    ctx.background(
      postBlocks(webClientPost(ctx.client), to, text, [{ type: 'section', text: { type: 'mrkdwn', text } }]),
    );
  }
  return text ?? '';
}

function answerText(ctx: BotContext, result: TurnResult): string | undefined {
  if (result.status === 'duplicate') return undefined;
  if (result.status === 'forbidden') return TEXTS.text.forbidden[result.app.lang];
  if (!result.applicationId && !result.unavailable) return TEXTS.text.noApplication[ctx.lang];
  return render(result.replies);
}

function render(replies: Reply[]): string {
  const text = replies.map((r) => (r.type === 'text' ? r.text : '')).join('\n');
  return escapeText(text).replace(/@@([UW][A-Z0-9]+)@@/g, '<@$1>');
}
