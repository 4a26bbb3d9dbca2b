import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId } from '../../src/remind/registry.js';
import { manualClock, silentLogger } from '../remind/harness.js';
import { useRedisServer } from '../support/redis-server.js';
import { type Harness, readable, startBot } from './harness.js';
import { threadReplyEvent } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

const redis = useRedisServer();
let h: Harness | undefined;
let reminders: RunningReminders | undefined;
afterEach(async () => {
  await reminders?.stop();
  await h?.close();
  reminders = undefined;
  h = undefined;
});

/** The bot with reminders running on a private Redis namespace, reminding through the same fake Slack. */
async function botWithReminders() {
  h = await startBot();
  const clock = manualClock('2026-11-25T01:00:00Z'); // a Wednesday, 10:00 in Tokyo
  reminders = createReminders({
    redisUrl: redis.url,
    prefix: `t${randomBytes(4).toString('hex')}:`,
    store: h.store,
    logger: silentLogger(),
    clock: clock.now,
    notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: h.slack.url }),
  });
  reminders.startWorker();
  h.services.reminders = reminders;
  return { slack: new SlackDriver(h), r: reminders };
}

const CERT = certificateId('slack-T1-C1', 'shop.example.jp');

/**
 * The reminder messages after `certs add` of a certificate with a passed threshold. Its catch-up is due
 * *now* by the test clock, so it is queued without delay and the running worker may send it at any
 * moment after the add (before, during or after the tick): never snapshot the message count after the
 * add. The tick and idle() make sure it has been sent; a second post would be a duplicate.
 */
async function caughtUp(r: RunningReminders) {
  await r.tick();
  await r.idle();
  const posts = await h!.slack.waitFor('chat.postMessage', 1);
  expect(posts).toHaveLength(1);
  return posts;
}

describe('Slack: reminder and certs commands (issue 8)', () => {
  it('/evssl certs add tracks a certificate whose reminder then comes to the channel', async () => {
    const { slack, r } = await botWithReminders();
    const [added] = await slack.expectCalls('respond', () =>
      slack.command('U1', 'certs add <http://shop.example.jp|shop.example.jp> 2027-01-20'),
    );
    expect(added!.args).toMatchObject({ response_type: 'in_channel' });
    expect(String(added!.args.text)).toContain(CERT);
    expect(await r.registry.get(CERT)).toMatchObject({ team: 'slack-T1-C1', source: 'manual' });
    // 56 days left: the passed 60-day threshold is caught up once, now (business hours).
    const [reminder] = await caughtUp(r);
    expect(reminder!.args.channel).toBe('C1');
    expect(readable(reminder!.args)).toContain(`/evssl snooze ${CERT}`);
    const [list] = await slack.expectCalls('respond', () => slack.command('U2', 'certs list'));
    expect(list!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(list!.args.text)).toContain('shop.example.jp');
  });

  it('/evssl snooze, a typed ack in a DM and "renewing" in the reminder’s thread change the reminder', async () => {
    const { slack, r } = await botWithReminders();
    await slack.expectCalls('respond', () => slack.command('U1', 'certs add shop.example.jp 2027-01-20'));
    // Its catch-up reminder is sent first (else it could pass for the bot's answer to the DM below).
    await caughtUp(r);
    // Answered in the language of the words typed: `snooze` in English, `スヌーズ` in Japanese.
    const [snoozed] = await slack.expectCalls('respond', () => slack.command('U2', `snooze ${CERT} 7`));
    expect(String(snoozed!.args.text)).toBe('shop.example.jp: Snoozed for 7 days.');
    const [snoozedJa] = await slack.expectCalls('respond', () => slack.command('U2', `スヌーズ ${CERT} 7`));
    expect(String(snoozedJa!.args.text)).toBe('shop.example.jp: 7日後まで通知を止めます。');
    expect((await r.registry.get(CERT))?.snoozedUntil).toBe('2026-12-02T01:00:00.000Z');

    const ack = await slack.dm('U3', `\`/evssl ack ${CERT}\``);
    expect(readable(ack.args)).toContain('Acknowledged: no escalation.');
    expect((await r.registry.get(CERT))?.acknowledgedAt).toBeDefined();
    expect(await h!.store.resolve('slack:T1:DU3:main')).toBeNull(); // the flow engine never saw it

    const [renewing] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(threadReplyEvent('U2', `更新中 ${CERT}`, '1700000001.000100')),
    );
    expect(renewing!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000001.000100' });
    expect((await r.registry.get(CERT))?.state).toBe('renewing');
  });

  it('a command typed in another channel changes nothing', async () => {
    const { slack, r } = await botWithReminders();
    await slack.expectCalls('respond', () => slack.command('U1', 'certs add shop.example.jp 2027-01-20'));
    const [refused] = await slack.expectCalls('respond', () => slack.command('U9', `done ${CERT}`, 'C2'));
    expect(refused!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(refused!.args.text)).toContain('That certificate cannot be changed from here');
    expect((await r.registry.get(CERT))?.state).toBe('active');
  });

  it('without reminders running (STORE=memory, no REDIS_URL), the person hears that reminders are off', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const [answer] = await slack.expectCalls('respond', () => slack.command('U1', `snooze ${CERT} 7`));
    expect(String(answer!.args.text)).toContain('STORE=memory');
    const typed = await slack.dm('U1', `ack ${CERT}`);
    expect(readable(typed.args)).toContain('STORE=memory');
    expect(h.logs.join('')).not.toContain(CERT);
  });
});
