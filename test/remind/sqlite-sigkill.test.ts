import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertsCommand } from '../../src/cli/certs.js';
import { SqliteCertificateRegistry } from '../../src/remind/sqlite-registry.js';
import { openDatabase } from '../../src/store/sqlite-open.js';
import { type FakeSlack, startFakeSlack } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'evssl-sigkill-'));
const children: ChildProcess[] = [];
let slack: FakeSlack;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real bot (src/main.ts through bin/evssl-bot.js): the console on SQLite, reminders to a fake Slack. */
function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['bin/evssl-bot.js', '--lang', 'en'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const waitFor = async (text: string, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    while (!out.includes(text)) {
      if (Date.now() > end) throw new Error(`no "${text}" in the bot's output:\n${out}`);
      if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}):\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const say = (line: string) => child.stdin!.write(`${line}\n`);
  return { child, waitFor, say, output: () => out };
}

describe('the bot on SQLite, killed with SIGKILL mid-application', () => {
  it('continues the conversation after a restart, and sends a reminder that fell due while it was down once', async () => {
    slack = await startFakeSlack();
    const env = {
      DATA_DIR: join(dir, 'data'),
      REMIND_SLACK_TOKEN: 'xoxb-test',
      REMIND_SLACK_API_URL: slack.url,
      REMIND_TICK_SECONDS: '1',
    };
    const first = startBot(env);
    first.say('acquire');
    first.say('yes');
    first.say('yes');
    await first.waitFor('Which document will confirm your organisation name?');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(first.child.signalCode).toBe('SIGKILL');

    // While the bot is down: a team reminded at any hour, and a certificate with 20 days left, whose
    // reminder (the 30-day threshold, caught up) is due at once.
    const db = openDatabase(join(env.DATA_DIR, 'evssl-bot.db'), { hold: false });
    await new SqliteCertificateRegistry(db).putTeam({
      id: 'web',
      lang: 'en',
      slackChannel: 'C0WEB',
      emails: [],
      policy: { workDays: [1, 2, 3, 4, 5, 6, 7], businessHours: [0, 24], holidays: 'none' },
    });
    db.close();
    const expires = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const out: string[] = [];
    const code = await createCertsCommand({ env })(
      ['add', '--domain', 'www.example.jp', '--expires', expires, '--team', 'web'],
      { read: async () => Buffer.from(''), out: (t) => out.push(t), err: () => {} },
    );
    expect(code, out.join('\n')).toBe(0);
    expect(slack.posts).toHaveLength(0);

    const second = startBot(env);
    // The same application, at the question the killed process had asked.
    await second.waitFor('Which document will confirm your organisation name?');
    expect(second.output()).toContain('== Progress');
    second.say('1');
    await second.waitFor('Answer "opened" when the form is open');
    const end = Date.now() + 20_000;
    while (slack.posts.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    // A few more due-scans: still once.
    await new Promise((r) => setTimeout(r, 2500));
    expect(slack.posts.map((p) => [p.channel, /for (\S+) expires/.exec(p.text)?.[1]])).toEqual([
      ['C0WEB', 'www.example.jp'],
    ]);
    second.child.stdin!.end();
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  }, 90_000);
});
