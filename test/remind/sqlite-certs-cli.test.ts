import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertsCommand } from '../../src/cli/certs.js';
import type { CliIo } from '../../src/cli/io.js';
import { readConfig } from '../../src/config/config.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { createSqliteReminders } from '../../src/remind/sqlite-reminders.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { type FakeSlack, silentLogger, startFakeSlack } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-certs-'));
let slack: FakeSlack | undefined;
afterAll(async () => {
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});
const NOW = Date.parse('2026-09-01T00:00:00Z');

async function cli(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const io: CliIo = { read: async () => Buffer.from(''), out: (t) => out.push(t), err: () => {} };
  const code = await createCertsCommand({ env, clock: () => NOW })(args, io);
  return { code, json: JSON.parse(out[0] ?? '{}') };
}

describe('evssl-bot certs on the embedded SQLite store (no REDIS_URL)', () => {
  it('adds, lists and removes certificates in the data folder, beside a running bot that sends them', async () => {
    const env = { DATA_DIR: join(dir, 'beside') };
    // The bot: holds the database, reminders running on it.
    slack = await startFakeSlack();
    let now = NOW;
    const store = createSqliteStore(readConfig(env), silentLogger());
    const bot = createSqliteReminders({
      store,
      logger: silentLogger(),
      clock: () => now,
      notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: slack.url }),
    });
    bot.startWorker();
    try {
      const team = await cli(env, 'team', 'web', '--slack', 'C0WEB', '--lang', 'en', '--holidays', 'none');
      expect(team).toMatchObject({ code: 0, json: { ok: true, team: { id: 'web', slackChannel: 'C0WEB' } } });
      const added = await cli(
        env,
        'add',
        '--domain',
        'www.example.jp',
        '--expires',
        '2026-10-15',
        '--team',
        'web',
      );
      expect(added).toMatchObject({ code: 0, json: { ok: true, certificate: { domain: 'www.example.jp' } } });
      const other = await cli(
        env,
        'add',
        '--domain',
        'shop.example.jp',
        '--expires',
        '2027-03-01',
        '--team',
        'web',
      );
      expect(other.code).toBe(0);
      const list = await cli(env, 'list');
      expect(list.json.certificates.map((c: { domain: string }) => c.domain)).toEqual([
        'www.example.jp',
        'shop.example.jp',
      ]);
      expect((await cli(env, 'remove', other.json.certificate.id)).json).toMatchObject({ ok: true });
      expect((await cli(env, 'list')).json.certificates).toHaveLength(1);
      // The job the command queued is the bot's to send (the 30-day threshold, sent when the clock is past it).
      now = Date.parse('2026-09-16T00:00:00Z');
      await bot.tick();
      await bot.idle();
      expect(slack.posts.map((p) => [p.channel, /\((\d+) days? left\)/.exec(p.text)?.[1]])).toEqual([
        ['C0WEB', '28'],
      ]);
    } finally {
      await bot.stop();
      await store.close();
    }
  });

  it('keeps certificates between commands with no bot running', async () => {
    const env = { DATA_DIR: join(dir, 'alone') };
    expect((await cli(env, 'add', '--domain', 'a.example.jp', '--expires', '2027-01-01')).code).toBe(0);
    expect((await cli(env, 'list')).json.certificates.map((c: { domain: string }) => c.domain)).toEqual([
      'a.example.jp',
    ]);
  });
});
