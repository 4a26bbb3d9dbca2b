import { parseArgs } from 'node:util';
import { CHANNELS, type RunningChannel } from './app/channels.js';
import { createServices } from './app/services.js';
import { ConfigError, readConfig } from './config/config.js';
import { runConsole } from './console/console-channel.js';
import { createLogger } from './log/logger.js';

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
  const services = await createServices(config, logger);
  const running: RunningChannel[] = [];
  for (const startChannel of CHANNELS) {
    const channel = await startChannel(config, services);
    if (channel) running.push(channel);
  }
  // Replies owed by a process that stopped before sending them (a crash) go out from here.
  services.relay.start();
  const store = config.redis.url ? 'redis' : 'embedded in-memory (applications are lost when the bot stops)';
  if (running.some((c) => !c.background)) {
    logger.level = config.logLevel ?? 'info';
    logger.info({ channels: running.map((c) => c.name), store }, 'evssl-bot running');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    for (const channel of running.reverse()) await channel.stop();
    await services.relay.stop();
    await services.store.close();
    return 0;
  }
  // No chat channel configured: the console, with any background workers (reminders) still running.
  try {
    await runConsole(services, {
      input: process.stdin,
      output: process.stdout,
      lang,
      interactive,
      ...(flow ? { flow } : {}),
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
