import { type ChildProcess, spawn } from 'node:child_process';
import { SIGNING_SECRET } from '../../bot/signed-requests.js';
import { freePort } from '../../support/free-port.js';

/** One real `src/main.ts` process serving the Slack HTTP receiver. */
export interface BotProcess {
  port: number;
  child: ChildProcess;
  /** Exit codes/signals seen (a crash is a failure unless the test killed it). */
  exits: Array<{ code: number | null; signal: string | null }>;
  stderr: () => string;
  /** The last 20 KB of stdout and stderr. */
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function botEnv(redisUrl: string, slackApiUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: String(port),
    SLACK_API_URL: slackApiUrl,
    REDIS_URL: redisUrl,
    DATA_KEYS: 'dev',
    REMIND_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
}

/** Starts the bot and resolves once its port accepts signed requests (url_verification answers). */
export async function startBotProcess(
  redisUrl: string,
  slackApiUrl: string,
  port?: number,
): Promise<BotProcess> {
  const p = port ?? (await freePort());
  const bot = spawnBot(botEnv(redisUrl, slackApiUrl, p), p);
  await waitListening(bot);
  return bot;
}

/**
 * A real `src/main.ts` process with this environment (e.g. the email channel only), resolved once it
 * logs that it is running (LOG_LEVEL must let `info` through).
 */
export async function startBotWithEnv(env: NodeJS.ProcessEnv): Promise<BotProcess> {
  const bot = spawnBot({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }, 0);
  const deadline = Date.now() + 60_000;
  while (!bot.output().includes('evssl-bot running')) {
    if (bot.exits.length > 0) throw new Error(`bot exited at start: ${bot.stderr()}`);
    if (Date.now() > deadline) throw new Error(`bot did not start: ${bot.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return bot;
}

function spawnBot(env: NodeJS.ProcessEnv, p: number): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out = (out + c.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-20_000);
  });
  const exits: BotProcess['exits'] = [];
  child.once('exit', (code, signal) => exits.push({ code, signal }));
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const bot: BotProcess = {
    port: p,
    child,
    exits,
    stderr: () => err,
    output: () => out + err,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(signal);
      await gone;
    },
  };
  return bot;
}

async function waitListening(bot: BotProcess): Promise<void> {
  const deadline = Date.now() + 60_000; // a loaded machine compiles the sources slowly
  const { postSigned } = await import('../../bot/signed-requests.js');
  while (Date.now() < deadline) {
    if (bot.exits.length > 0) throw new Error(`bot exited at start: ${bot.stderr()}`);
    try {
      const r = await postSigned(bot.port, JSON.stringify({ type: 'url_verification', challenge: 'c' }));
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bot did not listen on ${bot.port}: ${bot.stderr()}`);
}
