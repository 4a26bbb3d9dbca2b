import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CommandPlace,
  parseChannelCommand,
  runChannelCommand,
} from '../../src/remind/channel-command.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { parseCalendarDate } from '../../src/remind/parse-date.js';
import { certificateId } from '../../src/remind/registry.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { useRedisServer } from '../support/redis-server.js';
import { manualClock, silentLogger } from './harness.js';

const ID = 'c0123456789abcdef';

describe('parseChannelCommand', () => {
  it.each([
    [`snooze ${ID} 7`, { type: 'snooze', id: ID, days: 7 }],
    [`\`/evssl ack ${ID}\``, { type: 'ack', id: ID }],
    [`完了 ${ID}`, { type: 'done', id: ID }],
    ['certs add www.example.co.jp 2027-04-19', { type: 'certs-add', domain: 'www.example.co.jp' }],
    ['/evssl certs add WWW.Example.co.jp. 2027/4/19', { type: 'certs-add', domain: 'www.example.co.jp' }],
    ['証明書 登録 例え.jp 2027年4月19日', { type: 'certs-add', domain: 'xn--r8jz45g.jp' }],
    ['certs list', { type: 'certs-list' }],
    [`certs remove ${ID.toUpperCase()}`, { type: 'certs-remove', id: ID }],
    ['certs add www.example.co.jp 2027-02-30', { type: 'certs-usage' }],
    ['certs add not_a_domain 2027-04-19', { type: 'certs-usage' }],
    ['certs remove 12', { type: 'certs-usage' }],
  ])('%s', (text, expected) => {
    expect(parseChannelCommand(text)).toMatchObject(expected);
  });

  it.each([
    'done',
    'snooze',
    'acquire',
    '証明書の更新をお願いします',
    '証明書 更新をお願いします',
    'certificate renewal',
  ])('%s is left to the conversation', (text) => {
    expect(parseChannelCommand(text)).toBeUndefined();
  });

  it('a typed date is the start of that day in Tokyo', () => {
    expect(parseCalendarDate('2027-04-19')).toBe('2027-04-18T15:00:00.000Z');
  });
});

const redis = useRedisServer();
const running: RunningReminders[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

function setup() {
  const clock = manualClock('2026-11-25T01:00:00Z');
  const r = createReminders({
    redisUrl: redis.url,
    prefix: `t${randomBytes(4).toString('hex')}:`,
    store: new MemoryApplicationStore(),
    logger: silentLogger(),
    clock: clock.now,
    notifier: createNotifier({}),
  });
  running.push(r);
  return r;
}

const here = (channel: string): CommandPlace => ({
  team: { id: `slack-T1-${channel}`, lang: 'en', slackChannel: channel, emails: [] },
  lang: 'en',
  mayAct: (team) => team?.slackChannel === channel,
});
const run = (r: RunningReminders | undefined, text: string, place = here('C1')) =>
  runChannelCommand(r, parseChannelCommand(text)!, place);

describe('runChannelCommand', () => {
  it('adds, lists, snoozes, acknowledges and removes a certificate of the place’s team', async () => {
    const r = setup();
    const id = certificateId('slack-T1-C1', 'shop.example.jp');
    const added = await run(r, 'certs add shop.example.jp 2027-03-01');
    expect(added).toEqual({ text: expect.stringContaining(id), changed: true });
    expect(await r.registry.getTeam('slack-T1-C1')).toMatchObject({ slackChannel: 'C1' });
    expect((await run(r, 'certs list')).text).toMatch(
      /shop\.example\.jp — expires 2027-03-01 \(95 days left, reminding\)/,
    );
    expect(await run(r, `snooze ${id} 7`)).toEqual({
      text: 'shop.example.jp: Snoozed for 7 days.',
      changed: true,
    });
    expect((await r.registry.get(id))?.snoozedUntil).toBe('2026-12-02T01:00:00.000Z');
    expect((await run(r, 'certs list')).text).toContain('snoozed until 2026-12-02');
    await run(r, `ack ${id}`);
    expect((await r.registry.get(id))?.acknowledgedAt).toBeDefined();
    expect(await run(r, `certs remove ${id}`)).toMatchObject({ changed: true });
    expect(await r.registry.get(id)).toBeNull();
    expect((await run(r, 'certs list')).text).toBe('No certificates are tracked here.');
  });

  it('another channel can neither change nor remove the certificate, and learns nothing about it', async () => {
    const r = setup();
    const id = certificateId('slack-T1-C1', 'shop.example.jp');
    await run(r, 'certs add shop.example.jp 2027-03-01');
    const unknown = await run(r, 'snooze c00000000000000ff 3', here('C2'));
    for (const text of [`snooze ${id} 3`, `done ${id}`, `certs remove ${id}`]) {
      expect(await run(r, text, here('C2'))).toEqual(unknown);
    }
    const cert = await r.registry.get(id);
    expect(cert).toMatchObject({ state: 'active' });
    expect(cert?.snoozedUntil).toBeUndefined();
  });

  it('refuses an expiry that has passed, and answers a malformed certs command with the usage', async () => {
    const r = setup();
    expect(await run(r, 'certs add shop.example.jp 2026-11-01')).toEqual({
      text: expect.stringContaining('has passed'),
      changed: false,
    });
    expect((await run(r, 'certs add shop.example.jp')).text).toContain(
      'Usage: `certs add DOMAIN YYYY-MM-DD`',
    );
    expect(await r.registry.count()).toBe(0);
  });

  it('without reminders (STORE=memory, no REDIS_URL) every command says they are off and how to turn them on', async () => {
    for (const text of [`snooze ${ID} 7`, 'certs list', 'certs add shop.example.jp 2027-03-01']) {
      const { text: said } = await run(undefined, text);
      expect(said).toContain('Renewal reminders are not running here');
      expect(said).toContain('STORE=memory');
      expect(said).toContain('REMIND_ENABLED=false');
    }
    const ja = await runChannelCommand(undefined, parseChannelCommand(`確認済み ${ID}`)!, {
      ...here('C1'),
      lang: 'ja',
    });
    expect(ja.text).toContain('この環境では更新リマインドが動いていません');
    expect(ja.text).toContain('STORE=memory を外す');
  });
});
