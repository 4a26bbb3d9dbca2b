import type { types, webApi } from '@slack/bolt';
import { parseSlackConversationKey } from '../conversation/conversation-key.js';
import type { Deliverer } from '../conversation/outbox-relay.js';
import { codeOf } from '../errors.js';
import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import type { PostMessage } from './json-post.js';
import { renderReplies } from './render-blocks.js';

/** Slack's limit of blocks in one message. */
const MAX_BLOCKS = 50;

export interface Destination {
  channel: string;
  /** Absent: the top level of the channel (a DM's main conversation). */
  thread?: string;
}

/** Where a Slack place's replies go: its channel, in its thread. */
export function placeDestination(place: { channel: string; thread?: string }): Destination {
  return { channel: place.channel, ...(place.thread ? { thread: place.thread } : {}) };
}

/** Where a conversation's replies go: its channel, in its thread. */
export function destinationOf(conversation: string): Destination {
  const place = parseSlackConversationKey(conversation);
  if (!place) throw new Error('not a Slack conversation key');
  return placeDestination(place);
}

/**
 * Posts a turn's replies: one message when they fit (fewer calls against the rate limit), split at
 * Slack's 50-block limit otherwise. Link and media unfurling is off: user text never previews a URL.
 */
export async function postReplies(
  post: PostMessage,
  conversation: string,
  replies: Reply[],
  lang: Lang,
  options: { entry?: string; skip?: ReadonlySet<number> } = {},
): Promise<void> {
  if (replies.length === 0) return;
  const to = destinationOf(conversation);
  const { text, blocks } = renderReplies(replies, { conversation, lang });
  for (let i = 0, part = 0; i < blocks.length; i += MAX_BLOCKS, part += 1) {
    if (options.skip?.has(part)) continue;
    const metadata = options.entry ? replyMetadata(options.entry, part) : undefined;
    await postBlocks(post, to, i === 0 ? text : '…', blocks.slice(i, i + MAX_BLOCKS), metadata);
  }
}

/** Posts one message (`post`: the bot's JSON poster, src/bot/json-post.ts, or `webClientPost`). */
export async function postBlocks(
  post: PostMessage,
  to: Destination,
  text: string,
  blocks: types.KnownBlock[],
  metadata?: types.MessageMetadata,
): Promise<void> {
  await post({
    channel: to.channel,
    ...(to.thread ? { thread_ts: to.thread } : {}),
    text,
    blocks,
    ...(metadata ? { metadata } : {}),
  });
}

/**
 * `chat.postMessage` through a Web API client, for posts outside the outbox (the client retries them).
 * The blocks go as the JSON string they become on the wire anyway: the client walks an object argument
 * twice more (a redacted copy for a debug line it builds even when debug is off, then the form).
 */
export function webClientPost(client: webApi.WebClient): PostMessage {
  return async ({ blocks, ...args }) => {
    await client.chat.postMessage({
      ...args,
      blocks: JSON.stringify(blocks) as unknown as types.KnownBlock[],
      unfurl_links: false,
      unfurl_media: false,
    });
  };
}

/** The event type of the message metadata that names the outbox entry a message delivers. */
const REPLY_EVENT = 'evssl_reply';

/** Message metadata naming the outbox entry (application id and entry id; no personal data) and part. */
function replyMetadata(entry: string, part: number): types.MessageMetadata {
  return { event_type: REPLY_EVENT, event_payload: { entry, part } };
}

/**
 * The parts of an outbox entry already in the conversation (a process posted them, then died before it
 * recorded the delivery): read back from the thread (or the DM's top level) by their metadata.
 */
async function partsPosted(
  client: webApi.WebClient,
  to: Destination,
  entry: string,
  since: number,
): Promise<Set<number>> {
  const oldest = String(Math.floor(since / 1000) - 60);
  const base = { channel: to.channel, oldest, include_all_metadata: true, limit: 200 };
  const page = to.thread
    ? await client.conversations.replies({ ...base, ts: to.thread })
    : await client.conversations.history(base);
  const parts = new Set<number>();
  for (const m of page.messages ?? []) {
    const meta = (m as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } })
      .metadata;
    if (meta?.event_type === REPLY_EVENT && meta.event_payload?.entry === entry)
      parts.add(Number(meta.event_payload.part ?? 0));
  }
  return parts;
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

/**
 * Delivers an outbox entry in its Slack thread (or a DM's top level) with `post`; `client` reads back
 * what a crashed process already posted.
 */
export function slackDeliverer(
  client: webApi.WebClient,
  post: PostMessage = webClientPost(client),
): Deliverer {
  return async (entry, { applicationId, recovering }) => {
    const name = `${applicationId}:${entry.id}`;
    let skip: Set<number> | undefined;
    if (recovering) {
      // Owed by a process that may have posted it before it died: what is in Slack is not sent again.
      // A failed look-up posts it anyway (at least once).
      skip = await partsPosted(client, destinationOf(entry.conversation), name, entry.at).catch(
        () => undefined,
      );
    }
    try {
      await postReplies(post, entry.conversation, entry.replies, entry.lang, {
        entry: name,
        ...(skip ? { skip } : {}),
      });
      return 'delivered';
    } catch (err) {
      return UNDELIVERABLE.has(codeOf(err)) ? 'drop' : 'retry';
    }
  };
}
