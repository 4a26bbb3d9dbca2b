import type { webApi } from '@slack/bolt';
import type { StatusVisibility } from '../config/slack.js';
import { runTurn, type TurnServices } from '../conversation/run-turn.js';
import type { Inbound } from '../flow/engine.js';
import { parseIntent } from '../flow/intents.js';
import { guessLang, parseFlow } from '../flow/start.js';
import type { Lang } from '../flow/types.js';
import { statusReplies } from '../flow/views.js';
import type { Logger } from '../log/logger.js';
import { destinationOf, postEphemeral, postReplies } from './deliver.js';
import type { HomeRefresher } from './home-refresh.js';
import type { SeenEvents } from './seen-events.js';
import { conversationKey, type SlackPlace, slackActor } from './slack-ids.js';

/** What every Slack handler needs: the turn services, the Web API client and the channel's settings. */
export interface BotContext {
  services: TurnServices;
  client: webApi.WebClient;
  logger: Logger;
  lang: Lang;
  statusVisibility: StatusVisibility;
  seen: SeenEvents;
  /** Republishes App Home tabs in the background after a turn commits (src/bot/home-refresh.ts). */
  home: HomeRefresher;
}

export interface SlackTurnRequest {
  place: SlackPlace;
  user: string;
  event: Inbound;
  /** The Slack event id (message events); the store remembers it so a retry is applied once. */
  eventId?: string;
  /** The message ts: a fresh conversation key when a closed application's thread starts a new one. */
  ts?: string;
}

/**
 * One Slack turn: picks the conversation, runs the engine, posts the replies in the thread. A thread
 * (or a DM's top level) whose application is closed starts a new one when the user names a flow: the
 * new application is created under a fresh key and the thread's key is re-bound to it.
 */
export async function slackTurn(ctx: BotContext, req: SlackTurnRequest): Promise<void> {
  const { services } = ctx;
  const conversation = conversationKey(req.place);
  const actor = slackActor(req.place.scope, req.user);
  const said =
    req.event.type === 'text' ? req.event.text : req.event.type === 'choice' ? req.event.value : '';
  let turnKey = conversation;
  if (req.ts && parseFlow(said)) {
    const id = await services.store.resolve(conversation);
    const stored = id ? await services.store.load(id) : null;
    if (stored && stored.app.status !== 'active') turnKey = conversationKey({ ...req.place, thread: req.ts });
  }
  const result = await runTurn(services, {
    conversation: turnKey,
    actor,
    event: req.event,
    ...(req.eventId ? { eventId: req.eventId } : {}),
    lang: guessLang(said, ctx.lang),
  });
  if (result.status === 'duplicate') return;
  const to = destinationOf(conversation);
  if (result.status === 'forbidden') {
    const replies = await forbiddenReplies(ctx, conversation, said);
    await postEphemeral(ctx.client, to, req.user, replies ?? result.replies, ctx.lang, conversation);
    return;
  }
  if (turnKey !== conversation && result.applicationId) {
    await services.store.bind(conversation, result.applicationId);
  }
  const lang = result.app?.lang ?? guessLang(said, ctx.lang);
  const committed = result.app;
  try {
    await postReplies(ctx.client, conversation, result.replies, lang);
  } finally {
    // After the reply (never delaying it): the Home tabs of whoever acted and of the members.
    if (committed) ctx.home.refreshApplication(committed, { scope: req.place.scope, user: req.user });
  }
}

/** Someone who is not a member asked for the status: shown where configured (read only), else refused. */
async function forbiddenReplies(ctx: BotContext, conversation: string, said: string) {
  if (ctx.statusVisibility !== 'workspace' || parseIntent(said)?.type !== 'status') return undefined;
  const id = await ctx.services.store.resolve(conversation);
  const stored = id ? await ctx.services.store.load(id) : null;
  return stored ? statusReplies(stored.app) : undefined;
}
