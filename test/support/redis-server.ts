import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.js';

export interface RedisServer {
  url: string;
  port: number;
  /** The server's working folder (its dump.rdb after `save()`, `restart()` or `stop({ save: true })`). */
  dir: string;
  /** Writes a snapshot to `dir/dump.rdb` (SAVE). */
  save(): Promise<void>;
  /** Snapshot, shut down, start again on the same port and folder: the data survives, connections drop. */
  restart(): Promise<void>;
  /** Shut down without restarting (restart() brings it back). */
  shutdown(): Promise<void>;
  /** Shut down for good and remove its folder. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Extra redis-server arguments, e.g. `['--cluster-enabled', 'yes']`. */
  args?: string[];
}

/**
 * `startRedis` for the whole test file: started before its first test, stopped after its last. Read
 * `url` inside tests and hooks (not at module level: the server is not up yet).
 */
export function useRedisServer(options: StartRedisOptions = {}): { readonly url: string } {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedis(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      if (!server) throw new Error('the test redis-server is not started yet (read url inside a test)');
      return server.url;
    },
  };
}

/**
 * A private redis-server for one test file: a free loopback port, no persistence unless asked, a temp
 * folder, killed after. Tests never touch a shared server (6379) nor flush one they did not start.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'redis-server is not installed: run `npm test` (installs it) or `apt-get install redis-server`',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'evssl-redis-'));
  let child: ChildProcess | undefined = await spawnServer(port, dir, options.args ?? []);
  const shutdown = async (save: boolean) => {
    const running = child;
    if (!running) return;
    child = undefined;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    await command(port, save ? 'SHUTDOWN SAVE' : 'SHUTDOWN NOSAVE').catch(() => running.kill('SIGKILL'));
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    save: async () => {
      await command(port, 'SAVE');
    },
    shutdown: () => shutdown(true),
    restart: async () => {
      await shutdown(true);
      child = await spawnServer(port, dir, options.args ?? []);
    },
    stop: async () => {
      await shutdown(false);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function spawnServer(port: number, dir: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start on ${port}: ${out}`)),
      10_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${out}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  // Never outlive the test process (a crash or a killed runner must not leave a server behind).
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return child;
}

/** One inline command over a raw socket (no client library): resolves with the first reply line. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) {
        socket.end();
        if (reply.startsWith('-')) reject(new Error(reply.trim()));
        else resolve(reply.trim());
      }
    });
    // SHUTDOWN closes the connection without a reply.
    socket.once('close', () => resolve(reply.trim()));
    socket.once('error', reject);
  });
}
