import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import type { Team } from '../../src/remind/types.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import {
  type FakeSlack,
  manualClock,
  type SmtpCapture,
  silentLogger,
  startFakeSlack,
  startSmtpCapture,
} from './harness.js';

let redis: RedisServer;
let slack: FakeSlack;
let smtp: SmtpCapture;
const running: RunningReminders[] = [];

beforeAll(async () => {
  [redis, slack, smtp] = await Promise.all([startRedis(), startFakeSlack(), startSmtpCapture()]);
});
afterAll(async () => {
  await Promise.all([redis.stop(), slack.close(), smtp.close()]);
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  slack.posts.length = 0;
  smtp.mails.length = 0;
});

type Clock = ReturnType<typeof manualClock>;

/** One bot instance: its own connections, worker and due-scan, sharing Redis (a fresh prefix per test). */
function instance(
  prefix: string,
  clock: Clock,
  store = new MemoryApplicationStore(),
  worker = true,
): RunningReminders {
  const r = createReminders({
    redisUrl: redis.url,
    prefix,
    store,
    logger: silentLogger(),
    clock: clock.now,
    attempts: 3,
    backoffMs: 1,
    notifier: createNotifier({
      slackToken: 'xoxb-test',
      slackApiUrl: slack.url,
      smtpUrl: smtp.url,
      from: 'bot@example.jp',
    }),
  });
  if (worker) r.startWorker();
  running.push(r);
  return r;
}

const fresh = () => `t${randomBytes(4).toString('hex')}:`;

/** Moves the clock to each planned reminder in turn and lets every instance tick and drain. */
async function runUntil(instances: RunningReminders[], clock: Clock, untilIso: string) {
  const end = Date.parse(untilIso);
  for (let guard = 0; guard < 50; guard++) {
    const [first] = instances;
    const due = await first!.scheduler.delayed();
    const next = due
      .map((j) => j.dueAt)
      .filter((t) => t > clock.now() && t <= end)
      .sort((a, b) => a - b)[0];
    if (next === undefined) break;
    clock.set(new Date(next).toISOString());
    await Promise.all(instances.map((i) => i.tick()));
    for (const i of instances) await i.idle();
  }
}

// Every hour of every day counts as business time here (no holiday calendar either), so "days left"
// equals the threshold exactly (weekend, holiday and office-hours shifting is proven in policy.test.ts and
// jp-holidays.test.ts).
const team: Team = {
  id: 'web',
  lang: 'en',
  slackChannel: 'C0WEB',
  emails: ['ops@example.jp'],
  escalation: 'U0BOSS',
  policy: { workDays: [1, 2, 3, 4, 5, 6, 7], businessHours: [0, 24], holidays: 'none' },
};
const track = (r: RunningReminders, domain = 'www.example.jp') =>
  r.service.track({
    domain,
    team: 'web',
    notBefore: '2026-04-01T00:00:00Z',
    notAfter: '2026-10-18T00:00:00Z',
    source: 'manual',
    validatedAt: '2026-03-20T00:00:00Z',
  });

describe('renewal reminders against a real Redis', () => {
  it('sends each threshold once, to Slack and email, and escalates unacknowledged ones near expiry', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(fresh(), clock);
    await r.registry.putTeam(team);
    await track(r);
    await runUntil([r], clock, '2026-10-18T00:00:00Z');
    const texts = slack.posts.map((p) => p.text);
    expect(texts.map((t) => /\((\d+) days? left\)/.exec(t)?.[1])).toEqual(['60', '30', '14', '7', '3', '1']);
    expect(slack.posts.every((p) => p.channel === 'C0WEB')).toBe(true);
    expect(texts.filter((t) => t.startsWith('<@U0BOSS>'))).toHaveLength(3);
    expect(smtp.mails.map((m) => m.subject)).toHaveLength(6);
    expect(smtp.mails[0]!.to).toEqual(['ops@example.jp']);
    expect(smtp.mails[0]!.text).toContain('/evssl renew');
  });

  it('an acknowledged certificate keeps reminding but no longer escalates', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(fresh(), clock);
    await r.registry.putTeam(team);
    const c = await track(r);
    await r.service.ack(c.id);
    await runUntil([r], clock, '2026-10-18T00:00:00Z');
    expect(slack.posts).toHaveLength(6);
    expect(slack.posts.some((p) => p.text.includes('<@U0BOSS>'))).toBe(false);
  });

  it('snooze holds reminders, then catches up once with the most urgent threshold', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(fresh(), clock);
    await r.registry.putTeam({ ...team, emails: [] });
    const c = await track(r);
    await runUntil([r], clock, '2026-08-20T00:00:00Z'); // the 60-day reminder
    expect(slack.posts).toHaveLength(1);
    await r.service.snooze(c.id, 50); // until 2026-10-09: skips 30 and 14
    await runUntil([r], clock, '2026-10-18T00:00:00Z');
    const left = slack.posts.map((p) => /\((\d+) days? left\)/.exec(p.text)?.[1]);
    expect(left).toEqual(['60', '10', '7', '3', '1']);
  });

  it('"renewal started" stops the reminders; a renewed certificate starts them again', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(fresh(), clock);
    await r.registry.putTeam({ ...team, emails: [] });
    const c = await track(r);
    await runUntil([r], clock, '2026-08-20T00:00:00Z');
    await r.service.stop(c.id, 'renewing');
    await runUntil([r], clock, '2026-10-01T00:00:00Z');
    expect(slack.posts).toHaveLength(1);
    const renewed = await r.service.track({
      domain: 'www.example.jp',
      team: 'web',
      notBefore: '2026-10-01T00:00:00Z',
      notAfter: '2027-04-19T00:00:00Z',
      source: 'issued',
    });
    expect(renewed.generation).toBe(2);
    expect(renewed.state).toBe('active');
    await runUntil([r], clock, '2027-04-19T00:00:00Z');
    expect(slack.posts).toHaveLength(7);
  });

  it('survives a restart in the middle: jobs and bookkeeping live in Redis', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const a = instance(prefix, clock);
    await a.registry.putTeam({ ...team, emails: [] });
    await track(a);
    await runUntil([a], clock, '2026-09-20T00:00:00Z'); // 60 and 30 sent
    expect(slack.posts).toHaveLength(2);
    await a.stop();
    running.splice(running.indexOf(a), 1);
    await redis.restart();
    const b = instance(prefix, clock);
    await runUntil([b], clock, '2026-10-18T00:00:00Z');
    const left = slack.posts.map((p) => /\((\d+) days? left\)/.exec(p.text)?.[1]);
    expect(left).toEqual(['60', '30', '14', '7', '3', '1']);
  });

  it('an instance that stops after the due-scan, before sending, leaves the reminder to the next one', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const a = instance(prefix, clock, new MemoryApplicationStore(), false);
    await a.registry.putTeam({ ...team, emails: [] });
    await track(a);
    clock.set('2026-08-19T00:00:00Z');
    expect(await a.tick()).toBe(1); // promoted, but this instance has no worker and now goes away
    await a.stop();
    running.splice(running.indexOf(a), 1);
    const b = instance(prefix, clock);
    await b.idle();
    expect(await b.tick()).toBe(0);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.text).toContain('(60 days left)');
  });

  it('two instances running at once send every (certificate, threshold) exactly once', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const a = instance(prefix, clock);
    const b = instance(prefix, clock);
    await a.registry.putTeam({ ...team, emails: [] });
    // Both instances track the same certificates (e.g. both saw the same effect): still one schedule.
    const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example.jp`);
    await Promise.all(domains.flatMap((d) => [track(a, d), track(b, d)]));
    await runUntil([a, b], clock, '2026-10-18T00:00:00Z');
    expect(slack.posts).toHaveLength(20 * 6);
    const keys = slack.posts.map(
      (p) => `${/for (\S+) expires/.exec(p.text)?.[1]}:${/\((\d+) days? left/.exec(p.text)?.[1]}`,
    );
    expect(new Set(keys).size).toBe(20 * 6);
  });

  it('the same job run by two instances at the same moment is claimed by one of them', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const a = instance(prefix, clock);
    const b = instance(prefix, clock);
    await a.registry.putTeam({ ...team, emails: [] });
    const c = await track(a);
    clock.set('2026-08-19T00:00:00Z');
    const job = { type: 'renewal' as const, certId: c.id, rev: c.rev, threshold: 60, dueAt: clock.now() };
    const outcomes = await Promise.all([a.service.fire(job), b.service.fire(job), a.service.fire(job)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'sent']);
    expect(slack.posts).toHaveLength(1);
  });

  it('a reminder due in Golden Week goes out the Friday before, unless the team has no holiday calendar', async () => {
    const clock = manualClock('2026-04-01T00:00:00Z');
    const r = instance(fresh(), clock);
    // Stored before the holiday fields existed: the default calendar (Japan) applies.
    await r.registry.putTeam({ id: 'jp', lang: 'en', slackChannel: 'C0JP', emails: [], policy: {} });
    await r.registry.putTeam({
      id: 'anyday',
      lang: 'en',
      slackChannel: 'C0ANY',
      emails: [],
      policy: { holidays: 'none' },
    });
    // 60 days before expiry is 2026-05-05 12:00 JST (Children's Day, a Tuesday).
    const input = {
      notBefore: '2025-12-16T03:00:00Z',
      notAfter: '2026-07-04T03:00:00Z',
      source: 'manual' as const,
    };
    const jp = await r.service.track({ ...input, domain: 'jp.example.jp', team: 'jp' });
    const any = await r.service.track({ ...input, domain: 'any.example.jp', team: 'anyday' });
    const delayed = await r.scheduler.delayed();
    const due = new Map(delayed.flatMap((j) => (j.type === 'renewal' ? [[j.certId, j.dueAt]] : [])));
    expect(new Date(due.get(jp.id)!).toISOString()).toBe('2026-05-01T00:00:00.000Z'); // Friday 09:00 JST
    expect(new Date(due.get(any.id)!).toISOString()).toBe('2026-05-05T03:00:00.000Z');
    await runUntil([r], clock, '2026-05-06T00:00:00Z');
    expect(slack.posts.map((p) => [p.channel, /\((\d+) days? left\)/.exec(p.text)?.[1]])).toEqual([
      ['C0JP', '64'],
      ['C0ANY', '60'],
    ]);
  });

  it('a failed delivery is retried and still sent once', async () => {
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(fresh(), clock);
    await r.registry.putTeam({ ...team, emails: [] });
    await track(r);
    slack.failNext(1);
    await runUntil([r], clock, '2026-08-20T00:00:00Z');
    expect(slack.posts).toHaveLength(1);
  });
});
