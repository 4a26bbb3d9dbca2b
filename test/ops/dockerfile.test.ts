import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { SIGNING_SECRET } from '../bot/signed-requests.js';
import { get, startBotChild } from './bot-child.js';

const ROOT = resolve('.');
const dockerfile = readFileSync('Dockerfile', 'utf8');

interface Step {
  op: string;
  args: string;
}
interface Stage {
  base: string;
  name: string;
  steps: Step[];
}

/** The Dockerfile's instructions by stage (continuation lines joined, comments dropped). */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  const out: Stage[] = [];
  for (const line of lines.map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op === 'FROM') {
      const [base = '', , name = ''] = args.split(/\s+/);
      out.push({ base, name, steps: [] });
    } else out.at(-1)?.steps.push({ op, args });
  }
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'evssl-docker-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Dockerfile and compose.yaml', () => {
  const [build, runtime] = stages(dockerfile);

  it('is multi-stage: node:24-slim runtime, non-root, production dependencies, tini, HEALTHCHECK /healthz', () => {
    expect(build?.name).toBe('build');
    expect(runtime?.base).toBe('node:24-slim');
    const ops = (s: Stage, op: string) => s.steps.filter((x) => x.op === op).map((x) => x.args);
    expect(ops(runtime!, 'USER')).toEqual(['node']);
    expect(ops(runtime!, 'RUN').some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(ops(runtime!, 'ENTRYPOINT')).toEqual(['["/usr/bin/tini", "--"]']);
    expect(ops(runtime!, 'CMD')).toEqual(['["node", "dist/main.js"]']);
    expect(ops(runtime!, 'HEALTHCHECK')[0]).toContain('bin/healthcheck.js');
    expect(readFileSync('bin/healthcheck.js', 'utf8')).toContain("path: '/healthz'");
  });

  it('compose.yaml: the bot and Redis with appendonly yes and noeviction, an env file, data volumes', () => {
    const py = spawnSync('python3', [
      '-c',
      'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
      'compose.yaml',
    ]);
    if (py.status !== 0)
      throw new Error(`compose.yaml not parsed (python3 with PyYAML needed): ${py.stderr}`);
    const compose = JSON.parse(py.stdout.toString());
    const { bot, redis } = compose.services;
    expect(bot.build).toBe('.');
    expect(bot.env_file).toEqual(['.env']);
    expect(bot.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(bot.volumes).toEqual(['bot-data:/app/data']);
    expect(bot.depends_on.redis.condition).toBe('service_healthy');
    const cmd: string[] = redis.command;
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(redis.volumes).toEqual(['redis-data:/data']);
    expect(Object.keys(compose.volumes)).toEqual(['bot-data', 'redis-data']);
    // The grace period outlasts the bot's own shutdown deadline.
    expect(Number.parseInt(bot.stop_grace_period, 10)).toBeGreaterThan(
      Number(bot.environment.SHUTDOWN_TIMEOUT_SECONDS),
    );
  });

  /**
   * The build and run steps executed as a script: each stage in its own folder standing for the image's
   * file system (`/app` and `/tmp` mapped there). Not run: apt-get and chown (root in an image, network),
   * and the build stage's full `npm ci` (the checkout's node_modules is linked instead: same lock file).
   * The runtime's `npm ci --omit=dev` runs for real from the packed tarball, offline-first from the npm
   * cache, with install scripts off (better-sqlite3's native build takes ~90 s; the image builds it).
   */
  it('builds, packs, installs production dependencies only, and `node dist/main.js` answers /healthz', async () => {
    const dirs = new Map<string, { app: string; tmp: string }>();
    for (const stage of [build!, runtime!]) {
      const d = { app: join(tmp, stage.name, 'app'), tmp: join(tmp, stage.name, 'tmp') };
      mkdirSync(d.app, { recursive: true });
      mkdirSync(d.tmp, { recursive: true });
      dirs.set(stage.name, d);
      /** An image path (`/app/…`, `/tmp/…`, or relative to WORKDIR) in this stage's folder. */
      const at = (root: { app: string; tmp: string }, p: string, base: string) =>
        p.startsWith('/')
          ? p.replace(/^\/(app|tmp)\b/, (_m, top: 'app' | 'tmp') => root[top])
          : join(base, p);
      let cwd = d.app;
      for (const { op, args } of stage.steps) {
        if (op === 'WORKDIR') cwd = at(d, args, cwd);
        if (op === 'COPY') {
          const parts = args.split(/\s+/);
          const from = parts[0]?.startsWith('--from=') ? dirs.get(parts.shift()!.slice(7)) : undefined;
          const dest = parts.pop()!;
          for (const src of parts) {
            const source = from ? at(from, src, from.app) : join(ROOT, src);
            const to = at(d, dest, cwd);
            const target = dest.endsWith('/') ? join(to, src.split('/').pop()!) : to;
            cpSync(source, target, { recursive: true });
          }
        }
        if (op !== 'RUN') continue;
        if (/^(apt-get|chown)\b/.test(args)) continue;
        if (stage.name === 'build' && args.startsWith('npm ci')) {
          symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
          continue;
        }
        const script = args.replace(
          /(^|\s)\/(app|tmp)\b/g,
          (_m, pre: string, top: 'app' | 'tmp') => pre + d[top],
        );
        execFileSync('sh', ['-c', script], {
          cwd,
          stdio: 'pipe',
          env: {
            ...process.env,
            npm_config_prefer_offline: 'true',
            npm_config_ignore_scripts: 'true',
            npm_config_update_notifier: 'false',
          },
          timeout: 400_000,
        });
      }
    }
    const app = dirs.get(runtime!.name)!.app;
    // The image compiles better-sqlite3 in its `npm ci` (build tools installed for it); here install
    // scripts are off, so the checkout's build for this Node stands in for it.
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), {
      recursive: true,
    });
    // Production dependencies only; the compiled code and the bin scripts, no sources or tests.
    expect(existsSync(join(app, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(app, 'dist/main.js.map'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'test'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/@slack/bolt'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/typescript'))).toBe(false);

    const slack = await new FakeSlack().start();
    try {
      const bot = await startBotChild(
        {
          NODE_ENV: 'production',
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.url,
          LOG_LEVEL: 'warn',
          // The image's default: SQLite in /app/data (here the runtime folder's data/).
          STORE: 'sqlite',
        },
        { entry: ['dist/main.js'], cwd: app },
      );
      try {
        expect(JSON.parse((await get(bot.port, '/healthz')).body)).toEqual({ status: 'ok' });
        const hc = spawnSync(process.execPath, ['bin/healthcheck.js'], {
          cwd: app,
          env: { PATH: process.env.PATH, PORT: String(bot.port), OPS_PORT: '0' },
        });
        expect(hc.status).toBe(0);
        bot.child.kill('SIGTERM');
        expect((await bot.exited).code).toBe(0);
      } finally {
        bot.child.kill('SIGKILL');
      }
    } finally {
      await slack.close();
    }
  }, 600_000);
});
