import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCert, encodeCert } from '../../src/remind/cert-codec.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId } from '../../src/remind/registry.js';
import type { ReminderJob, Team, TrackedCertificate } from '../../src/remind/types.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { type FakeSlack, manualClock, silentLogger, startFakeSlack } from './harness.js';

// What the Redis schedule and registry add to the shared suite (reminder-schedulers.test.ts): the compact
// layout, leases, failed jobs, and an installation upgraded from the BullMQ layout.
let redis: RedisServer;
let slack: FakeSlack;
let admin: Redis;
const running: RunningReminders[] = [];
beforeAll(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin.disconnect();
  await Promise.all([redis.stop(), slack.close()]);
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  slack.posts.length = 0;
});

type Clock = ReturnType<typeof manualClock>;
const fresh = () => `t${randomBytes(4).toString('hex')}:`;
const left = () => slack.posts.map((p) => /\((\d+) days? left\)/.exec(p.text)?.[1]);

function instance(
  prefix: string,
  clock: Clock,
  options: { worker?: boolean; leaseMs?: number; attempts?: number } = {},
) {
  const r = createReminders({
    redisUrl: redis.url,
    prefix,
    store: new MemoryApplicationStore(),
    logger: silentLogger(),
    clock: clock.now,
    attempts: options.attempts ?? 3,
    backoffMs: 1,
    pollMs: 20,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: slack.url }),
  });
  if (options.worker !== false) r.startWorker();
  running.push(r);
  return r;
}

const team: Team = {
  id: 'web',
  lang: 'en',
  slackChannel: 'C0WEB',
  emails: [],
  policy: { workDays: [1, 2, 3, 4, 5, 6, 7], businessHours: [0, 24], holidays: 'none' },
};
const input = {
  domain: 'www.example.jp',
  team: 'web',
  notBefore: '2026-04-01T00:00:00Z',
  notAfter: '2026-10-18T00:00:00Z',
  source: 'manual' as const,
};

describe('the compact certificate layout', () => {
  it('gives back exactly the certificate it was given, whatever the form of its times', () => {
    const cert: TrackedCertificate = {
      id: 'c0123456789abcdef',
      domain: 'www.example.jp',
      team: 'slack-T1-C0APP',
      notAfter: '2026-10-18T00:00:00Z',
      notBefore: '2026-04-01T00:00:00.000Z',
      serialNumber: '0a:1b',
      source: 'issued',
      applicationId: 'A1B2C3',
      validatedAt: '2026-03-20T09:15:00.123Z',
      contractEnd: '2027-03-31',
      generation: 2,
      rev: 7,
      state: 'renewing',
      snoozedUntil: '2026-09-01T00:00:00+09:00',
      acknowledgedAt: '2026-08-20T00:00:00.000Z',
      lastRemindedAt: '2026-08-19T00:00:00.000Z',
      pendingJob: 'r_c0123456789abcdef_7_30',
      createdAt: '2026-04-01T00:00:00.000Z',
      updatedAt: '2026-08-20T00:00:00.000Z',
    };
    expect(decodeCert(cert.id, encodeCert(cert))).toEqual(cert);
    const other = { ...cert, pendingJob: 'n_other', updatedAt: cert.createdAt, later: { x: 1 } };
    expect(decodeCert(cert.id, encodeCert(other as TrackedCertificate))).toEqual(other);
    expect(Object.values(encodeCert(cert)).every((v) => v.length <= 64)).toBe(true);
  });

  it('a tracked certificate is one small hash and one due entry, however often its schedule moves', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(prefix, clock);
    await r.registry.putTeam(team);
    const c = await r.service.track(input);
    await r.service.snooze(c.id, 3);
    await r.service.ack(c.id);
    await r.service.track(input); // the same certificate seen again
    expect(await admin.object('ENCODING', `${prefix}remind:cert:${c.id}`)).toBe('listpack');
    expect(await r.scheduler.delayedCount()).toBe(1);
    expect(await admin.keys(`${prefix}*`)).toHaveLength(5); // cert, certs, team-certs, team, due
  });
});

describe('the Redis schedule', () => {
  it('a reminder claimed by a worker that died is delivered by another once its lease runs out', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const a = instance(prefix, clock, { worker: false, leaseMs: 100 });
    await a.registry.putTeam(team);
    await a.service.track(input);
    clock.set('2026-08-19T00:00:00Z');
    expect(await a.tick()).toBe(1);
    const { jobs } = await a.scheduler.claim(10); // taken, and never finished
    expect(jobs).toHaveLength(1);
    expect((await a.scheduler.claim(10)).jobs).toHaveLength(0); // leased: nobody else gets it meanwhile
    const b = instance(prefix, clock, { leaseMs: 100 });
    await b.idle();
    expect(left()).toEqual(['60']);
    expect(await b.scheduler.delayed()).toMatchObject([{ type: 'renewal', threshold: 30 }]);
  });

  it('a delivery failing every try ends in the failed set, its claim given back', async () => {
    const prefix = fresh();
    const clock = manualClock('2026-05-01T00:00:00Z');
    const r = instance(prefix, clock, { attempts: 2 });
    await r.registry.putTeam(team);
    const c = await r.service.track(input);
    slack.failNext(2);
    clock.set('2026-08-19T00:00:00Z');
    await r.tick();
    await r.idle();
    expect(slack.posts).toHaveLength(0);
    expect(await r.scheduler.failedCount()).toBe(1);
    expect(await r.scheduler.pending()).toBe(0);
    expect(await r.registry.sent(c.id, 1)).toEqual([]);
  });
});

describe('an installation upgraded from the BullMQ layout', () => {
  it('keeps its schedule: certificates, sent thresholds, delayed and already promoted jobs', async () => {
    const prefix = fresh();
    const p = `${prefix}remind:`;
    // Written as the BullMQ version did: the record as JSON in a hash, sent marks in a set, each job a
    // BullMQ job (delayed ones indexed by due time in remind:due, promoted ones only in BullMQ's lists).
    const old = (domain: string, rev: number): TrackedCertificate => ({
      ...input,
      domain,
      id: certificateId('web', domain),
      generation: 1,
      rev,
      state: 'active',
      createdAt: '2026-04-01T00:00:00.000Z',
      updatedAt: '2026-04-01T00:00:00.000Z',
    });
    const first = old('www.example.jp', 2);
    const second = old('shop.example.jp', 1);
    await admin.set(`${p}team:web`, JSON.stringify(team));
    for (const c of [first, second]) {
      await admin.hset(`${p}cert:${c.id}`, 'json', JSON.stringify(c), 'v', '3');
      await admin.sadd(`${p}certs`, c.id);
      await admin.sadd(`${p}team-certs:web`, c.id);
    }
    await admin.sadd(`${p}sent:${first.id}`, '1:60');
    const clock = manualClock('2026-09-18T00:00:00Z'); // the 30-day threshold
    const job = (c: TrackedCertificate, threshold: number): ReminderJob => ({
      type: 'renewal',
      certId: c.id,
      rev: c.rev,
      threshold,
      dueAt: Date.parse(c.notAfter) - threshold * 86_400_000,
    });
    const queue = new Queue('reminders', { connection: admin as never, prefix: `${prefix}bull` });
    const delayed = job(first, 30);
    const delayedId = `r_${first.id}_2_30`;
    await queue.add('renewal', delayed, { jobId: delayedId, delay: 3_600_000 });
    await admin.zadd(`${p}due`, delayed.dueAt, delayedId);
    await queue.add('renewal', job(second, 60), { jobId: `r_${second.id}_1_60` }); // promoted, waiting
    await queue.close();

    const r = instance(prefix, clock);
    await r.tick();
    await r.idle();
    while ((await r.tick()) > 0) await r.idle();
    const domains = slack.posts.map((s) => /for (\S+) expires/.exec(s.text)?.[1]);
    // www: its delayed 30-day job as it was. shop: the promoted 60-day job, late, then its 30 days (due
    // by now too); both say "30 days left", counted from when they went out.
    expect(domains.sort()).toEqual(['shop.example.jp', 'shop.example.jp', 'www.example.jp']);
    expect((await r.registry.sent(second.id, 1)).sort()).toEqual([30, 60]);
    expect(await admin.keys(`${prefix}bull:*`)).toEqual([]);
    // Rewritten in the compact layout at its first update, the old sent set folded in.
    expect(await admin.hget(`${p}cert:${first.id}`, 'json')).toBeNull();
    expect(await admin.exists(`${p}sent:${first.id}`)).toBe(0);
    expect((await r.registry.sent(first.id, 1)).sort()).toEqual([30, 60]);
    expect((await r.registry.get(first.id))?.lastRemindedAt).toBe(new Date(clock.now()).toISOString());
    // The 60-day reminder www had already sent is not sent again; both have their 14 days queued.
    expect((await r.scheduler.delayed()).map((j) => j.type === 'renewal' && j.threshold)).toEqual([14, 14]);
  });
});
