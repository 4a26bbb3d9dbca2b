import type { App } from '@slack/bolt';
import { type SlackPlace, slackConversationKey } from '../conversation/conversation-key.js';
import { guessLang } from '../flow/start.js';
import { parseChannelCommand } from '../remind/channel-command.js';
import { postBlocks } from './deliver.js';
import { membersTurn, parseAddMembers } from './members-turn.js';
import { fromSlackText } from './mrkdwn.js';
import { slackChannelCommand } from './reminder-turn.js';
import { scopeOf } from './slack-ids.js';
import { type BotContext, slackTurn } from './slack-turn.js';

/** The fields of a message or app_mention event the bot reads (Slack sends many more). */
interface MessageLike {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
}

interface EnvelopeLike {
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  authorizations?: Array<{ enterprise_id?: string | null; team_id?: string | null }>;
}

/**
 * Direct messages (top level: the DM's conversation; in a thread: that thread's) and mentions in a
 * channel (which open a thread). In a channel, plain thread replies are read only in threads that hold
 * an application. Bot messages, edits and other subtypes are ignored (Bolt's ignoreSelf drops our own).
 */
export function registerMessages(app: App, ctx: BotContext): void {
  app.event('app_mention', async ({ event, body, context }) => {
    const e = event as unknown as MessageLike;
    if (e.bot_id || !e.user) return;
    const text = stripMention(e.text ?? '', context.botUserId);
    const place = placeOf(e, body as EnvelopeLike, e.thread_ts ?? e.ts);
    await handleText(ctx, e, body as EnvelopeLike, place, text, true);
  });

  app.message(async ({ message, body, context }) => {
    const e = message as unknown as MessageLike;
    if (e.subtype !== undefined || e.bot_id || !e.user) return;
    const text = e.text ?? '';
    if (e.channel_type === 'im') {
      const inThread = e.thread_ts ? placeOf(e, body as EnvelopeLike, e.thread_ts) : undefined;
      const bound = inThread && (await ctx.services.store.resolve(slackConversationKey(inThread)));
      const place = bound ? inThread : placeOf(e, body as EnvelopeLike, undefined);
      await handleText(ctx, e, body as EnvelopeLike, place, text, false);
      return;
    }
    // A mention arrives as app_mention too: handled there, once.
    if (!e.thread_ts || (context.botUserId && text.includes(`<@${context.botUserId}`))) return;
    const place = placeOf(e, body as EnvelopeLike, e.thread_ts);
    // A reminder command is read in any thread of the channel (the reminder's own, typically).
    const cmd = parseChannelCommand(fromSlackText(text));
    const isCommand = cmd !== undefined && cmd.type !== 'certs-usage';
    if (!isCommand && !(await ctx.services.store.resolve(slackConversationKey(place)))) return;
    await handleText(ctx, e, body as EnvelopeLike, place, text, false);
  });
}

async function handleText(
  ctx: BotContext,
  e: MessageLike,
  body: EnvelopeLike,
  place: SlackPlace,
  raw: string,
  mentioned: boolean,
): Promise<void> {
  const eventId = body.event_id ? `slack:${body.event_id}` : undefined;
  const to = { channel: place.channel, ...(place.thread ? { thread: place.thread } : {}) };
  // Reminder and `certs` commands never reach the conversation; a redelivered one is answered once.
  const cmd = parseChannelCommand(fromSlackText(raw));
  if (cmd) {
    if (eventId && !(await ctx.services.store.claimEvent(eventId))) return;
    const lang = guessLang(raw, ctx.lang);
    const answer = await slackChannelCommand(ctx, cmd, { scope: place.scope, channel: place.channel, lang });
    ctx.background(
      postBlocks(ctx.client, to, answer.text, [
        { type: 'section', text: { type: 'mrkdwn', text: answer.text } },
      ]),
    );
    return;
  }
  const users = parseAddMembers(raw);
  if (users) {
    await membersTurn(ctx, {
      conversation: slackConversationKey(place),
      scope: place.scope,
      user: e.user!,
      users,
      ...(eventId ? { eventId } : {}),
      onUnavailable: 'redeliver',
    });
    return;
  }
  let text = fromSlackText(raw);
  // "@bot" alone in a thread that holds an application: show where it stands.
  if (mentioned && text.trim() === '' && (await ctx.services.store.resolve(slackConversationKey(place)))) {
    text = 'status';
  }
  await slackTurn(ctx, {
    place,
    user: e.user!,
    event: { type: 'text', text },
    ...(eventId ? { eventId } : {}),
    onUnavailable: 'redeliver',
  });
}

function placeOf(e: MessageLike, body: EnvelopeLike, thread: string | undefined): SlackPlace {
  const auth = body.authorizations?.[0];
  const scope = scopeOf(
    body.team_id ?? e.team ?? auth?.team_id ?? undefined,
    body.enterprise_id ?? auth?.enterprise_id,
  );
  return { scope, channel: e.channel, ...(thread ? { thread } : {}) };
}

function stripMention(text: string, botUserId: string | undefined): string {
  const re = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(re, '').trim();
}
