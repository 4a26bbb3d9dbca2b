import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { freePort } from '../support/free-port.js';

/** One real `src/main.ts` process (or `dist/main.js`), its output kept for the test to read. */
export interface BotChild {
  port: number;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

export async function startBotChild(
  env: Record<string, string>,
  opts: { port?: number; healthPort?: number; entry?: string[]; cwd?: string } = {},
): Promise<BotChild> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, opts.entry ?? ['--import', 'tsx', 'src/main.ts'], {
    // The memory store unless the test names one: parallel bots never meet on the default SQLite file.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), STORE: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const bot = { port, child, stdout: () => out, stderr: () => err, exited };
  const deadline = Date.now() + 30_000;
  const probe = opts.healthPort ?? port;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bot exited at start: ${err}`);
    const r = await get(probe, '/healthz').catch(() => undefined);
    if (r?.status === 200) return bot;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`bot did not answer /healthz on ${probe}: ${err}`);
}

export function get(port: number, path: string): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(res.headers['content-type'] ? { type: res.headers['content-type'] } : {}),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of one Prometheus sample (`name{labels}`) in a scrape, 0 when absent. */
export function sample(scrape: string, series: string): number {
  for (const line of scrape.split('\n')) {
    if (line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    if (line.slice(0, at) === series) return Number(line.slice(at + 1));
  }
  return 0;
}
