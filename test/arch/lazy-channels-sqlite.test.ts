// Named *sqlite*: the console and certs open the SQLite file, which the Node 24 run skips when better-sqlite3 is built for Node 20.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The console and the checking commands must start without loading what only a configured channel needs
// (Slack's Bolt, the IMAP client, BullMQ, the mail parser, ioredis): a loader hook in the real process
// refuses to resolve them, so loading one fails the command.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'evssl-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FORBIDDEN = [
  '@slack/bolt',
  '@slack/web-api',
  'imapflow',
  'bullmq',
  'mailparser',
  'ioredis',
  'nodemailer',
];
const hooks = `export async function resolve(specifier, context, next) {
  if (${JSON.stringify(FORBIDDEN)}.includes(specifier)) throw new Error('loaded at start: ' + specifier);
  return next(specifier, context);
}`;
const preload = join(dir, 'forbid.mjs');
writeFileSync(
  preload,
  `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));\n`,
);

function run(args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', preload, 'bin/evssl-bot.js', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: join(dir, 'data'), NODE_OPTIONS: '', REDIS_URL: '' },
    timeout: 60_000,
  });
}

describe('start-up loads only what it uses', () => {
  it('the hook does refuse a forbidden module (else the other cases prove nothing)', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', preload, '--input-type=module', '-e', "await import('imapflow')"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('loaded at start: imapflow');
  });

  it('validate', () => {
    const r = run(['validate', 'duns', '123456789']);
    expect(r.stderr).not.toContain('loaded at start');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });

  it('certs list on the embedded SQLite file (no Redis, so no BullMQ)', () => {
    const r = run(['certs', 'list']);
    expect(r.stderr).not.toContain('loaded at start');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });

  it('the console on the embedded store, to its first prompt and out', () => {
    const r = run(['--lang', 'en', '--flow', 'acquire'], '');
    expect(r.stderr).not.toContain('loaded at start');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('D-U-N-S');
  });
});
