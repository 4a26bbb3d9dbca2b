import type { types, webApi } from '@slack/bolt';
import type { Deliverer } from '../conversation/outbox-relay.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { renderReplies } from './render-blocks.js';
import { parseConversationKey } from './slack-ids.js';

/** Slack's limit of blocks in one message. */
const MAX_BLOCKS = 50;

export interface Destination {
  channel: string;
  /** Absent: the top level of the channel (a DM's main conversation). */
  thread?: string;
}

/** Where a conversation's replies go: its channel, in its thread. */
export function destinationOf(conversation: string): Destination {
  const place = parseConversationKey(conversation);
  if (!place) throw new Error('not a Slack conversation key');
  return { channel: place.channel, ...(place.thread ? { thread: place.thread } : {}) };
}

/**
 * Posts a turn's replies: one message when they fit (fewer calls against the rate limit), split at
 * Slack's 50-block limit otherwise. Link and media unfurling is off: user text never previews a URL.
 */
export async function postReplies(
  client: webApi.WebClient,
  conversation: string,
  replies: Reply[],
  lang: Lang,
): Promise<void> {
  if (replies.length === 0) return;
  const to = destinationOf(conversation);
  const { text, blocks } = renderReplies(replies, { conversation, lang });
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS) {
    await postBlocks(client, to, i === 0 ? text : '…', blocks.slice(i, i + MAX_BLOCKS));
  }
}

export async function postBlocks(
  client: webApi.WebClient,
  to: Destination,
  text: string,
  blocks: types.KnownBlock[],
): Promise<void> {
  await client.chat.postMessage({
    channel: to.channel,
    ...(to.thread ? { thread_ts: to.thread } : {}),
    text,
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
}

/** A reply only one person sees (a refusal, a stale button): ephemeral, in the same thread. */
export async function postEphemeral(
  client: webApi.WebClient,
  to: Destination,
  user: string,
  replies: Reply[],
  lang: Lang,
  conversation: string,
): Promise<void> {
  const { text, blocks } = renderReplies(replies, { conversation, lang, formFields: false });
  await client.chat.postEphemeral({
    channel: to.channel,
    user,
    ...(to.thread ? { thread_ts: to.thread } : {}),
    text,
    blocks: blocks.slice(0, MAX_BLOCKS),
  });
}

/** Slack's error (`not_authed`, `ratelimited`…) or the client's code; never the message (it may echo data). */
export function slackErrorCode(err: unknown): string {
  const e = err as { data?: { error?: unknown }; code?: unknown } | undefined;
  return String(e?.data?.error ?? e?.code ?? 'error');
}

/** Slack errors that no retry mends: the entry is dropped (logged) rather than retried forever. */
const UNDELIVERABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'thread_not_found',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'no_text',
  'restricted_action',
  'cannot_reply_to_message',
]);

/** Delivers an outbox entry in its Slack thread (or a DM's top level). */
export function slackDeliverer(client: webApi.WebClient): Deliverer {
  return async (entry) => {
    try {
      await postReplies(client, entry.conversation, entry.replies, entry.lang);
      return 'delivered';
    } catch (err) {
      return UNDELIVERABLE.has(slackErrorCode(err)) ? 'drop' : 'retry';
    }
  };
}
