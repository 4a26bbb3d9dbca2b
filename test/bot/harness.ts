import { Writable } from 'node:stream';
import { engineDeps } from '../../src/app/services.js';
import { createSlackBot, type SlackBot } from '../../src/bot/slack-bot.js';
import type { StatusVisibility } from '../../src/config/slack.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { createLogger } from '../../src/log/logger.js';
import type { ApplicationStore } from '../../src/store/application-store.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './signed-requests.js';

export const BOT_TOKEN = 'xoxb-test-0000-secret-token';

export interface Harness {
  bot: SlackBot;
  port: number;
  slack: FakeSlack;
  services: TurnServices;
  store: ApplicationStore;
  /** Every log line the bot wrote (JSON). */
  logs: string[];
  close(): Promise<void>;
}

/** The real Bolt app over HTTP on a free port, its Web API pointed at a fresh FakeSlack. */
export async function startBot(
  opts: { statusVisibility?: StatusVisibility; now?: Date; ids?: string[]; store?: ApplicationStore } = {},
): Promise<Harness> {
  const slack = await new FakeSlack().start();
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  });
  // Memory by default; the SQLite end-to-end run passes its store (closed with the harness).
  const store = opts.store ?? new MemoryApplicationStore();
  const ids = [...(opts.ids ?? [])];
  const services: TurnServices = {
    store,
    deps: engineDeps,
    logger,
    clock: () => opts.now ?? new Date(),
    ...(ids.length ? { newId: () => ids.shift() ?? 'FFFFFF' } : {}),
  };
  const bot = createSlackBot({
    settings: {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      port: 0,
      apiUrl: slack.url,
      statusVisibility: opts.statusVisibility ?? 'members',
    },
    services,
    lang: 'ja',
    botId: 'BBOT',
    botUserId: 'UBOT',
    clientOptions: { retryConfig: { retries: 2, factor: 1, minTimeout: 1, maxTimeout: 5 } },
    homeMinGapMs: 0,
  });
  const { port } = await bot.start(0);
  return {
    bot,
    port: port!,
    slack,
    services,
    store,
    logs,
    async close() {
      await bot.stop();
      await slack.close();
      if (opts.store) await store.close();
    },
  };
}

/** The mrkdwn and plain text of every block of a recorded message, joined: what a person would read. */
export function readable(args: Record<string, unknown>): string {
  const parts: string[] = [String(args.text ?? '')];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(args.blocks);
  return parts.join('\n');
}

export interface Element {
  type: string;
  action_id: string;
  value?: string;
  text?: { text: string };
  options?: Array<{ value: string; text: { text: string } }>;
  option_groups?: Array<{ options: Array<{ value: string; text: { text: string } }> }>;
}

/** The actions blocks of a recorded message. */
export function actionBlocks(
  args: Record<string, unknown>,
): Array<{ block_id: string; elements: Element[] }> {
  const blocks = (args.blocks ?? []) as Array<{ type: string; block_id: string; elements: Element[] }>;
  return blocks.filter((b) => b.type === 'actions');
}
