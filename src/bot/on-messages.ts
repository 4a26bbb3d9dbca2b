import type { App } from '@slack/bolt';
import { type SlackPlace, slackConversationKey } from '../conversation/conversation-key.js';
import { catalogue } from '../flow/catalogue.js';
import { detectLang, guessLang } from '../flow/start.js';
import { parseChannelCommand } from '../remind/channel-command.js';
import { placeDestination, postBlocks, webClientPost } from './deliver.js';
import { membersTurn, parseAddMembers } from './members-turn.js';
import { escapeMrkdwn, escapeValue, fromSlackText } from './mrkdwn.js';
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
  files?: Array<{ name?: string; title?: string; mimetype?: string }>;
}

/**
 * Message subtypes read as what the person wrote: plain messages, `thread_broadcast` ("also send to
 * the channel": a thread reply like any other) and `file_share` (an upload, see fileNote). Edits,
 * deletions, joins and the rest are not someone answering.
 */
const READ_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

interface EnvelopeLike {
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  authorizations?: Array<{ enterprise_id?: string | null; team_id?: string | null }>;
}

/**
 * Direct messages (top level: the DM's conversation; in a thread: answered there, see dmPlace) and mentions in a
 * channel (which open a thread). In a channel, plain thread replies are read only in threads that hold
 * an application. Bot messages, edits and subtypes other than READ_SUBTYPES are ignored (Bolt's ignoreSelf
 * drops our own).
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
    if (!READ_SUBTYPES.has(e.subtype) || e.bot_id || !e.user) return;
    const text = e.text ?? '';
    if (e.channel_type === 'im') {
      const place = await dmPlace(ctx, e, body as EnvelopeLike);
      await handleMessage(ctx, e, body as EnvelopeLike, place, text);
      return;
    }
    // A mention arrives as app_mention too: handled there, once.
    if (!e.thread_ts || (context.botUserId && text.includes(`<@${context.botUserId}`))) return;
    const place = placeOf(e, body as EnvelopeLike, e.thread_ts);
    // A reminder command is read in any thread of the channel (the reminder's own, typically).
    const cmd = parseChannelCommand(fromSlackText(text));
    const isCommand = cmd !== undefined && cmd.type !== 'certs-usage';
    if (!isCommand && !(await ctx.services.store.resolve(slackConversationKey(place)))) return;
    await handleMessage(ctx, e, body as EnvelopeLike, place, text);
  });
}

/** A message the bot reads: an upload without pasted text gets fileNote, the rest is a turn. */
async function handleMessage(
  ctx: BotContext,
  e: MessageLike,
  body: EnvelopeLike,
  place: SlackPlace,
  text: string,
): Promise<void> {
  if (
    e.subtype === 'file_share' &&
    Array.isArray(e.files) &&
    e.files.length > 0 &&
    !text.includes('-----BEGIN')
  ) {
    await fileNote(ctx, e, body, place, text);
    return;
  }
  await handleText(ctx, e, body, place, text, false);
}

const TEXTS = catalogue('slack.messages', {
  fileText: {
    paste: {
      ja: 'ファイル（{file}）はここでは読み取れません。ファイルをテキストエディタで開くか、ターミナルで `cat {path}` を実行し、「-----BEGIN」の行から「-----END」の行までをすべてコピーして、そのままメッセージとして貼り付けて送ってください。',
      en: 'I cannot read the file ({file}) here. Open it in a text editor (or run `cat {path}` in a terminal), copy everything from the "-----BEGIN" line to the "-----END" line, and paste it here as a message.',
    },
    key: {
      ja: '⚠️ {file} は秘密鍵のようです。秘密鍵は誰とも共有しないでください。このファイルをSlackから削除し、漏れた可能性がある鍵は作り直してください。ここで必要なのはCSR（-----BEGIN CERTIFICATE REQUEST-----）の本文です。',
      en: '⚠️ {file} looks like a private key. Never share a private key: delete the file from Slack and treat the key as exposed (make a new one). What is needed here is the CSR text (-----BEGIN CERTIFICATE REQUEST-----).',
    },
    other: {
      ja: 'ファイル（{file}）はここでは読み取れません。質問への答えはメッセージで入力してください（CSRや証明書は本文を貼り付けてください）。',
      en: 'I cannot read files ({file}) here. Please type your answer as a message (for a CSR or certificate, paste its text).',
    },
  },
});

/**
 * An uploaded file is not downloaded (that would need the `files:read` scope and a fetch of
 * `url_private` with the bot token): the person is told how to paste a CSR or certificate instead,
 * warned when the file looks like a private key. Answered once per event (a redelivery is not).
 */
async function fileNote(
  ctx: BotContext,
  e: MessageLike,
  body: EnvelopeLike,
  place: SlackPlace,
  text: string,
): Promise<void> {
  if (body.event_id && !(await ctx.services.store.claimEvent(`slack:${body.event_id}`))) return;
  const id = await ctx.services.store.resolve(slackConversationKey(place));
  const app = id ? (await ctx.services.store.load(id))?.app : undefined;
  const lang = app?.lang ?? detectLang(text) ?? (await ctx.locales.lang(ctx.client, e.user!)) ?? ctx.lang;
  const file = (Array.isArray(e.files) ? e.files[0] : undefined) ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const name = (str(file.name) ?? str(file.title) ?? '').slice(0, 80);
  const mimetype = str(file.mimetype) ?? '';
  const kind = /\.key$|private.?key/i.test(name)
    ? 'key'
    : /\.(csr|pem|crt|cer|req|txt)$/i.test(name) || /pkcs|x509|pem|text\/plain/i.test(mimetype)
      ? 'paste'
      : 'other';
  const path = name.replace(/[`'\n]/g, '') || 'server.csr';
  const note = TEXTS.fileText[kind][lang]
    .replaceAll('{file}', name ? escapeValue(name) : 'file')
    .replaceAll('{path}', escapeMrkdwn(/\s/.test(path) ? `'${path}'` : path));
  const to = placeDestination(place);
  ctx.background(
    postBlocks(webClientPost(ctx.client), to, note, [
      { type: 'section', text: { type: 'mrkdwn', text: note } },
    ]),
  );
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
  const to = placeDestination(place);
  // Reminder and `certs` commands never reach the conversation; a redelivered one is answered once.
  const cmd = parseChannelCommand(fromSlackText(raw));
  if (cmd) {
    if (eventId && !(await ctx.services.store.claimEvent(eventId))) return;
    const lang = guessLang(raw, ctx.lang);
    const answer = await slackChannelCommand(ctx, cmd, { scope: place.scope, channel: place.channel, lang });
    ctx.background(
      postBlocks(webClientPost(ctx.client), to, answer.text, [
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

/**
 * Where a direct message is answered: its thread when it was written in one, else the DM's top level.
 * A thread of its own (a thread application) is answered as that; a thread under the bot's top-level
 * messages (the person answered under a question) is bound to the DM's top-level application, so the
 * answer applies to it and the replies come in the thread where the person wrote. A thread in a DM
 * with no application yet starts one there.
 */
async function dmPlace(ctx: BotContext, e: MessageLike, body: EnvelopeLike): Promise<SlackPlace> {
  const main = placeOf(e, body, undefined);
  if (!e.thread_ts) return main;
  const inThread = placeOf(e, body, e.thread_ts);
  const threadKey = slackConversationKey(inThread);
  if (await ctx.services.store.resolve(threadKey)) return inThread;
  const topLevel = await ctx.services.store.resolve(slackConversationKey(main));
  if (topLevel) await ctx.services.store.bind(threadKey, topLevel);
  return inThread;
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
