import type { webApi } from '@slack/bolt';
import type { StatusVisibility } from '../config/slack.js';
import { type SlackPlace, slackConversationKey } from '../conversation/conversation-key.js';
import type { OutboxRelay } from '../conversation/outbox-relay.js';
import { runTurn, type TurnResult, type TurnServices } from '../conversation/run-turn.js';
import { CodedError } from '../errors.js';
import type { Inbound } from '../flow/engine.js';
import { parseIntent } from '../flow/intents.js';
import type { Reply } from '../flow/replies.js';
import { guessLang } from '../flow/start.js';
import type { Lang } from '../flow/types.js';
import { statusReplies } from '../flow/views.js';
import type { Logger } from '../log/logger.js';
import { destinationOf, postEphemeral, postReplies, webClientPost } from './deliver.js';
import type { HomeRefresher } from './home-refresh.js';
import type { PublishedViews } from './published-views.js';
import { slackActor } from './slack-ids.js';
import type { UserLocales } from './user-locale.js';

/** What every Slack handler needs: the turn services, the Web API client and the channel's settings. */
export interface BotContext {
  services: TurnServices;
  client: webApi.WebClient;
  logger: Logger;
  lang: Lang;
  statusVisibility: StatusVisibility;
  /** Republishes App Home tabs in the background after a turn commits (src/bot/home-refresh.ts). */
  home: HomeRefresher;
  /** The Home views this process last published: an unchanged one is not sent again. */
  homeViews: PublishedViews;
  /** Delivers the replies each turn committed to the store's outbox. */
  relay: OutboxRelay;
  /** The language of each user's Slack locale, for commands whose words say nothing. */
  locales: UserLocales;
  /** Runs work after the handler returned (and Slack got its answer); `idle` and `stop` wait for it. */
  background(work: Promise<unknown>): void;
}

/**
 * Thrown from an Events API handler when its turn did not certainly commit (the store was unreachable):
 * the receiver then answers 500 instead of acknowledging, and Slack delivers the event again (a turn
 * that did commit is recognised by its event id then).
 */
export class RedeliverError extends CodedError {
  constructor() {
    super('evssl_redeliver', 'turn not committed: asking Slack to deliver the event again');
  }
}

export interface SlackTurnRequest {
  place: SlackPlace;
  user: string;
  event: Inbound;
  /** The Slack event id (message events); the store remembers it so a retry is applied once. */
  eventId?: string;
  /**
   * `redeliver`: an Events API event (Slack delivers it again when not acknowledged): a turn that did
   * not commit throws RedeliverError. `answer`: a command or interaction (never redelivered): the person
   * is told, privately, that it was not saved.
   */
  onUnavailable: 'redeliver' | 'answer';
  /** The language already chosen for this person (a command's thread answers as its parent did). */
  lang?: Lang;
}

/**
 * One Slack turn: runs it (committed with its replies), then delivers the replies in the background.
 * A thread (or a DM's top level) whose application is closed starts a new one when the person names a
 * flow, re-bound atomically.
 */
export async function slackTurn(ctx: BotContext, req: SlackTurnRequest): Promise<TurnResult> {
  const conversation = slackConversationKey(req.place);
  const said =
    req.event.type === 'text' ? req.event.text : req.event.type === 'choice' ? req.event.value : '';
  const result = await runTurn(ctx.services, {
    conversation,
    actor: slackActor(req.place.scope, req.user),
    event: req.event,
    ...(req.eventId ? { eventId: req.eventId } : {}),
    lang: req.lang ?? guessLang(said, ctx.lang),
    restartClosed: true,
  });
  deliverTurn(ctx, req, conversation, result, said);
  return result;
}

/** What a turn's result means in Slack: delivered from the outbox, answered directly, or redelivered. */
export function deliverTurn(
  ctx: BotContext,
  req: Pick<SlackTurnRequest, 'place' | 'user' | 'onUnavailable'>,
  conversation: string,
  result: TurnResult,
  said: string,
): void {
  if (result.status === 'duplicate') return;
  const to = destinationOf(conversation);
  if (result.status === 'forbidden') {
    ctx.background(
      forbiddenReplies(ctx, result, said).then((replies) =>
        postEphemeral(ctx.client, to, req.user, replies, result.app.lang, conversation),
      ),
    );
    return;
  }
  if (result.unavailable) {
    if (req.onUnavailable === 'redeliver') throw new RedeliverError();
    ctx.background(postEphemeral(ctx.client, to, req.user, result.replies, ctx.lang, conversation));
    return;
  }
  const lang = result.app?.lang ?? guessLang(said, ctx.lang);
  const committed = result.app;
  const sent =
    result.outbox && result.applicationId
      ? ctx.relay.deliver(result.applicationId, result.outbox)
      : postReplies(webClientPost(ctx.client), conversation, result.replies, lang);
  ctx.background(
    sent.finally(() => {
      // After the reply (never delaying it): the Home tabs of whoever acted and of the members.
      if (committed) ctx.home.refreshApplication(committed, { scope: req.place.scope, user: req.user });
    }),
  );
}

/** Someone who is not a member asked for the status: shown where configured (read only), else refused. */
async function forbiddenReplies(
  ctx: BotContext,
  result: Extract<TurnResult, { status: 'forbidden' }>,
  said: string,
): Promise<Reply[]> {
  if (ctx.statusVisibility !== 'workspace' || parseIntent(said)?.type !== 'status') return result.replies;
  return statusReplies(result.app);
}
