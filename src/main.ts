import { parseArgs } from 'node:util';
import { CHANNELS } from './app/channels.js';
import type { RunningChannel } from './app/running-channel.js';
import { createServices } from './app/services.js';
import { ConfigError, readConfig } from './config/config.js';
import { runConsole } from './console/console-channel.js';
import { createLogger } from './log/logger.js';
import { opsState } from './ops/ops-state.js';
import { installProcessGuards } from './ops/process-guards.js';
import { installShutdown } from './ops/shutdown.js';
import { DatabaseInUseError } from './store/sqlite-open.js';

/** Starts the bot: `npm start` runs the console channel on the embedded store with no configuration. */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { lang: { type: 'string' }, flow: { type: 'string' } },
    allowPositionals: false,
  });
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const lang = values.lang === 'en' || values.lang === 'ja' ? values.lang : config.lang;
  if (values.lang !== undefined && values.lang !== lang) {
    process.stderr.write(`--lang must be ja or en (got ${values.lang})\n`);
    return 2;
  }
  const flow = values.flow === 'acquire' || values.flow === 'renew' ? values.flow : undefined;
  const interactive = process.stdin.isTTY === true;
  // Quiet until we know whether this is the console (a conversation on the terminal) or a server.
  const logger = createLogger({
    level: config.logLevel ?? (interactive ? 'warn' : 'error'),
    pretty: config.env !== 'production',
  });
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices(config, logger);
  } catch (err) {
    // Another bot holds the SQLite file: said plainly, not as a stack trace.
    if (!(err instanceof DatabaseInUseError)) throw err;
    process.stderr.write(`evssl-bot: ${err.message}\n`);
    return 1;
  }
  // Readiness: the store answers a read (a hung one counts as not ready after 2 s).
  opsState().addCheck('store', async () => {
    await services.store.resolve('ops:readyz');
    return { ok: true };
  });
  const running: RunningChannel[] = [];
  // Reminders first (Redis or SQLite; not on memory): every channel is then given them explicitly.
  const reminders = config.remind.enabled
    ? await (await import('./remind/start-reminders.js')).startReminders(config, services)
    : undefined;
  if (reminders) {
    running.push(reminders);
    services = { ...services, reminders: reminders.reminders, onCommitted: reminders.onCommitted };
  }
  for (const startChannel of CHANNELS) {
    const channel = await startChannel(config, services);
    if (channel) running.push(channel);
  }
  // Replies owed by a process that stopped before sending them (a crash) go out from here.
  services.relay.start();
  const sqlite = !config.redis.url && config.store.kind === 'sqlite';
  const store = config.redis.url
    ? 'redis'
    : sqlite
      ? `sqlite ${config.store.databasePath}`
      : 'embedded in-memory (applications are lost when the bot stops)';
  if (running.some((c) => !c.background)) {
    logger.level = config.logLevel ?? 'info';
    const shutdown = installShutdown({ logger, state: opsState(), timeoutMs: config.ops.shutdownTimeoutMs });
    installProcessGuards(logger, () => shutdown.trigger({ type: 'fatal' }));
    // Health and metrics on their own port when no Slack HTTP port carries them (Socket Mode, email only).
    const slackHttp = config.slack.botToken !== undefined && config.slack.appToken === undefined;
    const ops =
      !slackHttp && config.ops.port > 0
        ? await (await import('./ops/ops-server.js')).startOpsServer(opsState(), config.ops.port)
        : undefined;
    logger.info(
      { channels: running.map((c) => c.name), store, ...(ops ? { opsPort: ops.port } : {}) },
      'evssl-bot running',
    );
    await shutdown.requested;
    // Each channel finishes its work in hand and stops taking more (IMAP IDLE ended, reminder worker).
    for (const channel of running.reverse()) {
      await channel.stop();
      logger.info({ channel: channel.name }, 'channel stopped');
    }
    await services.relay.stop();
    await ops?.close();
    await services.store.close();
    logger.info({ exitCode: shutdown.code }, 'evssl-bot stopped');
    logger.flush?.();
    return shutdown.code;
  }
  // No chat channel configured: the console, with any background workers (reminders) still running.
  try {
    await runConsole(services, {
      input: process.stdin,
      output: process.stdout,
      lang,
      interactive,
      durable: sqlite,
      ...(flow ? { flow } : {}),
      store: config.redis.url
        ? { kind: 'redis' }
        : config.store.kind === 'sqlite'
          ? { kind: 'sqlite', where: config.store.databasePath }
          : { kind: 'memory' },
    });
  } finally {
    for (const channel of running.reverse()) await channel.stop();
    await services.relay.stop();
    await services.store.close();
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`evssl-bot stopped: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
