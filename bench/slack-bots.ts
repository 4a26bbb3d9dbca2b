/**
 * The Bolt apps the Slack benchmark compares, in their own process (so the load generator and the fake
 * Web API do not share their CPU): the bot's full turn (memory store included, reply posted over HTTP
 * to the fake Web API), the same turn with the Web API answered in memory (what the turn costs without
 * the reply's network round trip), the same Bolt HTTP receiver with a no-op message handler, and with a
 * handler that only posts one reply (in memory). Prints `{"full":PORT,"local":PORT,"noop":PORT,"reply":PORT}`
 * and runs until killed.
 */
import { App, HTTPReceiver } from '@slack/bolt';
import { engineDeps } from '../src/app/services.js';
import { boltLogger } from '../src/bot/bolt-logger.js';
import { leanFetch } from '../src/bot/lean-fetch.js';
import { createSlackBot } from '../src/bot/slack-bot.js';
import { createLogger } from '../src/log/logger.js';
import { MemoryApplicationStore } from '../src/store/memory-store.js';

const [apiUrl, signingSecret] = process.argv.slice(2);
if (!apiUrl || !signingSecret) throw new Error('usage: slack-bots.ts API_URL SIGNING_SECRET');
const logger = createLogger({ level: 'warn' });

const full = createSlackBot({
  settings: { botToken: 'xoxb-bench', signingSecret, port: 0, apiUrl, statusVisibility: 'members' },
  services: { store: new MemoryApplicationStore(), deps: engineDeps, clock: () => new Date(), logger },
  lang: 'ja',
  botId: 'BBOT',
  botUserId: 'UBOT',
});
const fullPort = (await full.start(0)).port;

/** A Web API answered in memory: `{ok:true}` for every call, no socket. */
const inMemoryApi = (async () =>
  ({
    status: 200,
    statusText: 'OK',
    url: '',
    headers: {
      get: (n: string) => (n === 'content-type' ? 'application/json' : null),
      entries: () => [][Symbol.iterator](),
    },
    text: async () => '{"ok":true,"channel":"D1","ts":"1700000000.000100"}',
  }) as unknown as Response) as typeof fetch;
const local = createSlackBot({
  settings: { botToken: 'xoxb-bench', signingSecret, port: 0, apiUrl, statusVisibility: 'members' },
  services: { store: new MemoryApplicationStore(), deps: engineDeps, clock: () => new Date(), logger },
  lang: 'ja',
  botId: 'BBOT',
  botUserId: 'UBOT',
  clientOptions: { fetch: inMemoryApi },
});
const localPort = (await local.start(0)).port;

const receiver = new HTTPReceiver({
  signingSecret,
  logger: boltLogger(logger),
  processBeforeResponse: false,
});
const noop = new App({
  token: 'xoxb-bench',
  receiver,
  botId: 'BBOT',
  botUserId: 'UBOT',
  logger: boltLogger(logger),
  clientOptions: { slackApiUrl: apiUrl, fetch: leanFetch() },
  convoStore: false,
});
noop.message(async () => {});
const server = (await noop.start(0)) as import('node:http').Server;
const noopPort = (server.address() as import('node:net').AddressInfo).port;

// The ceiling of any bot that answers: the same Bolt app whose handler only posts one fixed reply through
// the WebClient (Web API answered in memory) — no store, no engine, no rendering.
const replyOnly = new App({
  token: 'xoxb-bench',
  receiver: new HTTPReceiver({ signingSecret, logger: boltLogger(logger), processBeforeResponse: false }),
  botId: 'BBOT',
  botUserId: 'UBOT',
  logger: boltLogger(logger),
  clientOptions: { slackApiUrl: apiUrl, fetch: inMemoryApi },
  convoStore: false,
});
replyOnly.message(async ({ message, client }) => {
  await client.chat.postMessage({ channel: message.channel, text: 'ok' });
});
const replyServer = (await replyOnly.start(0)) as import('node:http').Server;
const replyPort = (replyServer.address() as import('node:net').AddressInfo).port;

process.stdout.write(
  `${JSON.stringify({ full: fullPort, local: localPort, noop: noopPort, reply: replyPort })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
