import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type webApi } from '@slack/bolt';
import type { Notify } from '../camail/notify.js';
import { slackNotify } from '../camail/notify-slack.js';
import type { SlackSettings } from '../config/slack.js';
import { OutboxRelay } from '../conversation/outbox-relay.js';
import type { TurnServices } from '../conversation/run-turn.js';
import { CodedError, codeOf } from '../errors.js';
import type { Lang } from '../flow/types.js';
import { drainGate } from '../ops/drain-gate.js';
import { opsCustomRoutes } from '../ops/ops-routes.js';
import { opsState } from '../ops/ops-state.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { guardReceiver } from './body-guard.js';
import { boltLogger } from './bolt-logger.js';
import { pacedFetch } from './channel-pacer.js';
import { slackDeliverer } from './deliver.js';
import { HomeRefresher } from './home-refresh.js';
import { jsonPost } from './json-post.js';
import { leanFetch } from './lean-fetch.js';
import { registerActions } from './on-actions.js';
import { COMMAND, registerCommand } from './on-command.js';
import { publishHome, registerHome } from './on-home.js';
import { registerMessages } from './on-messages.js';
import { PublishedViews } from './published-views.js';
import { type BotContext, RedeliverError } from './slack-turn.js';
import { UserLocales } from './user-locale.js';

export interface SlackBotOptions {
  settings: SlackSettings;
  services: TurnServices;
  /** Language before a user shows theirs (BOT_LANG). */
  lang: Lang;
  /** Known bot ids skip Bolt's `auth.test` call at start (tests, benchmarks). */
  botId?: string;
  botUserId?: string;
  /** Web API client options (e.g. `retryConfig`); the defaults retry rate-limited calls. */
  clientOptions?: webApi.WebClientOptions;
  /** Least time between two App Home publishes for one user (default 3 s; each one lists the store). */
  homeMinGapMs?: number;
  /**
   * The relay delivering committed replies (src/app/services.ts makes the process's one); without one
   * the bot makes its own and sweeps with it.
   */
  relay?: OutboxRelay;
}

export interface SlackBot {
  app: App;
  mode: 'http' | 'socket';
  /** The CA-mail notifier: in the application's thread, else a DM; refreshes App Home. */
  notify: Notify;
  /** Resolves once every handler and background App Home refresh is done (tests; `stop` waits too). */
  idle(): Promise<void>;
  /** Starts listening (HTTP on `port`, 0 = any free port) or connects (Socket Mode). */
  start(port?: number): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

export class SlackConfigError extends CodedError {
  constructor(message: string) {
    super('slack_config_invalid', message);
  }
}

/**
 * The Slack channel as a Bolt app: HTTP mode (signature checked with the signing secret) or Socket Mode
 * (app-level token), chosen by configuration. Handlers: DMs and mentions, `/evssl`, buttons and
 * selects, the registrant modal, App Home.
 */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { settings, services } = options;
  if (!settings.botToken) throw new SlackConfigError('SLACK_BOT_TOKEN is not set');
  const socket = settings.appToken !== undefined;
  if (!socket && !settings.signingSecret) {
    throw new SlackConfigError(
      'set SLACK_SIGNING_SECRET for HTTP mode, or SLACK_APP_TOKEN (xapp-…) for Socket Mode',
    );
  }
  const logger = boltLogger(services.logger);
  // One fetch for the Web API client and the reply poster: one channel pacing, one pool of connections.
  const fetchFn: webApi.FetchFunction = options.clientOptions?.fetch ?? pacedFetch(leanFetch());
  const clientOptions: webApi.WebClientOptions = {
    fetch: fetchFn,
    // A 429 pauses one channel (pacedFetch), never the client's one queue for everyone.
    rejectRateLimitedCalls: true,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    ...options.clientOptions,
  };
  // The outbox's replies (every turn's): a failure stays owed and is retried by the relay. Other posts
  // (no application yet, notes, commands) keep the Web API client and its retries.
  const post = jsonPost({
    fetch: fetchFn,
    ...(clientOptions.slackApiUrl ? { apiUrl: clientOptions.slackApiUrl } : {}),
    token: settings.botToken,
    logger: services.logger.child({ channel: 'slack' }),
  });
  const ids =
    options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {};
  // Events are acknowledged only once their turn has committed (the handler returns then, replies follow
  // in the background): a crash before the commit leaves the event unacknowledged, and Slack delivers it
  // again; a store outage answers 500 for the same reason. Socket Mode acknowledges on receipt (Bolt).
  const receiver = socket
    ? undefined
    : new HTTPReceiver({
        signingSecret: settings.signingSecret!,
        logger,
        processBeforeResponse: true,
        // /healthz, /readyz and /metrics on the Slack port (src/ops/ops-routes.ts).
        customRoutes: opsCustomRoutes(opsState()),
      });
  if (receiver) guardReceiver(receiver, services.logger, [COMMAND]);
  // Outermost: while the process drains, new requests are refused before any body is read.
  if (receiver) drainGate(receiver, opsState());
  // Bolt's conversation store is off: conversations live in our own store (one read per turn, not two).
  const common = { token: settings.botToken, logger, clientOptions, convoStore: false as const, ...ids };
  const app = socket
    ? new App({ ...common, appToken: settings.appToken!, socketMode: true })
    : new App({ ...common, receiver: receiver! });

  const channelLogger = services.logger.child({ channel: 'slack' });
  opsState().addCheck('slack', slackReadiness(app, socket));
  const ownRelay = options.relay === undefined;
  const relay = options.relay ?? new OutboxRelay({ store: services.store, logger: services.logger });
  relay.register('slack:', slackDeliverer(app.client, post));
  // Without the process's relay (tests), this bot's own one decides which replies go to the outbox.
  services.durable ??= relay.durable;
  // Handlers still running after their ack, and their background work: `idle` and `stop` wait for them.
  const handling = new Set<Promise<unknown>>();
  const background = (work: Promise<unknown>) => {
    const run = work.catch((err: unknown) =>
      channelLogger.warn({ code: codeOf(err) }, 'slack background work failed'),
    );
    handling.add(run);
    void run.finally(() => handling.delete(run));
  };
  const ctx: BotContext = {
    services,
    client: app.client,
    logger: channelLogger,
    lang: options.lang,
    statusVisibility: settings.statusVisibility,
    relay,
    locales: new UserLocales(channelLogger),
    background,
    homeViews: new PublishedViews(),
    home: new HomeRefresher(
      (scope, user) => publishHome(ctx, scope, user),
      channelLogger,
      options.homeMinGapMs ?? 3000,
    ),
  };
  const notify = slackNotify({
    client: app.client,
    store: services.store,
    logger: channelLogger,
    onNotified: (notified) => ctx.home.refreshApplication(notified),
  });
  app.use(async ({ next }) => {
    const run = next();
    handling.add(run);
    try {
      await run;
    } finally {
      handling.delete(run);
    }
  });
  registerMessages(app, ctx);
  registerCommand(app, ctx);
  registerActions(app, ctx);
  registerHome(app, ctx);
  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    // Not committed: no acknowledgement, so that Slack delivers the event again (the receiver's 500).
    if (original instanceof RedeliverError || original instanceof StoreUnavailableError) throw original;
    ctx.logger.error({ code: (error as { code?: string }).code, err: error.name }, 'slack handler failed');
  });

  const idle = async () => {
    while (handling.size > 0 || ctx.home.busy) {
      await Promise.allSettled([...handling]);
      await relay.idle();
      await ctx.home.settled();
    }
  };
  let server: Server | undefined;
  return {
    app,
    mode: socket ? 'socket' : 'http',
    notify,
    idle,
    async start(port = settings.port) {
      if (ownRelay) relay.start();
      const started = await app.start(port);
      if (socket) return {};
      server = started as Server;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
      // Handlers and Home refreshes still running finish (bounded): they would fail once the process exits.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([idle(), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      if (ownRelay) await relay.stop();
    },
  };
}

/**
 * Slack is usable: Socket Mode's web socket is open; in HTTP mode the token passed `auth.test` (asked
 * until it once answers ok, then remembered: a revoked token shows in the turns' errors, not here).
 */
function slackReadiness(app: App, socket: boolean) {
  let verified = false;
  return async () => {
    if (socket) {
      // Bolt keeps its receiver private; the Socket Mode client is the one thing read from it.
      const client = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } })
        .receiver?.client;
      const open = client?.websocket?.isActive() === true;
      return open ? { ok: true } : { ok: false, detail: 'socket mode not connected' };
    }
    if (!verified) verified = (await app.client.auth.test()).ok === true;
    return verified ? { ok: true } : { ok: false, detail: 'auth.test did not pass' };
  };
}
