import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier, type ReminderNotifier } from '../../src/remind/notifier.js';
import type { CertificateRegistry } from '../../src/remind/registry.js';
import type { ReminderSchedule } from '../../src/remind/scheduler.js';
import type { ReminderJob, Team } from '../../src/remind/types.js';
import {
  type FakeSlack,
  manualClock,
  type SmtpCapture,
  startFakeSlack,
  startSmtpCapture,
} from './harness.js';

export type Clock = ReturnType<typeof manualClock>;
export type AnyReminders = RunningReminders<CertificateRegistry, ReminderSchedule>;

/** One scheduler implementation under the suite: the Redis schedule, or the embedded SQLite one. */
export interface ReminderAdapter {
  /** Starts what the adapter needs (a redis-server). */
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** A new place for a test's reminders (a key prefix, a database file). */
  fresh(): string;
  /** An instance on `place`; `stop()` also closes what it opened. */
  make(
    place: string,
    clock: Clock,
    options: { worker: boolean; notifier: ReminderNotifier },
  ): Promise<AnyReminders>;
  /** The queued jobs not due yet. */
  delayed(r: AnyReminders): Promise<ReminderJob[]>;
  /** Restarts the server between two instances (Redis); nothing for a file. */
  restartServer?(): Promise<void>;
  /** Several instances may run on one place at once (Redis); SQLite has one process per file. */
  concurrent: boolean;
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

const left = (posts: FakeSlack['posts']) => posts.map((p) => /\((\d+) days? left\)/.exec(p.text)?.[1]);

/** The reminder behaviour every scheduler has: one suite run against each adapter. */
export function reminderSuite(name: string, adapter: ReminderAdapter): void {
  describe(`renewal reminders: ${name}`, () => {
    let slack: FakeSlack;
    let smtp: SmtpCapture;
    const running: AnyReminders[] = [];

    beforeAll(async () => {
      [slack, smtp] = await Promise.all([startFakeSlack(), startSmtpCapture(), adapter.setup?.()]);
    });
    afterAll(async () => {
      await Promise.all([slack.close(), smtp.close(), adapter.teardown?.()]);
    });
    afterEach(async () => {
      for (const r of running.splice(0)) await r.stop();
      slack.posts.length = 0;
      smtp.mails.length = 0;
    });

    async function instance(place: string, clock: Clock, worker = true): Promise<AnyReminders> {
      const notifier = createNotifier({
        slackToken: 'xoxb-test',
        slackApiUrl: slack.url,
        smtpUrl: smtp.url,
        from: 'bot@example.jp',
      });
      const r = await adapter.make(place, clock, { worker, notifier });
      running.push(r);
      return r;
    }
    async function stop(r: AnyReminders) {
      running.splice(running.indexOf(r), 1);
      await r.stop();
    }

    /** Moves the clock to each planned reminder in turn and lets every instance tick and drain. */
    async function runUntil(instances: AnyReminders[], clock: Clock, untilIso: string) {
      const end = Date.parse(untilIso);
      for (let guard = 0; guard < 50; guard++) {
        const next = (await adapter.delayed(instances[0]!))
          .map((j) => j.dueAt)
          .filter((t) => t > clock.now() && t <= end)
          .sort((a, b) => a - b)[0];
        if (next === undefined) break;
        clock.set(new Date(next).toISOString());
        await Promise.all(instances.map((i) => i.tick()));
        for (const i of instances) await i.idle();
      }
    }

    const track = (r: AnyReminders, domain = 'www.example.jp') =>
      r.service.track({
        domain,
        team: 'web',
        notBefore: '2026-04-01T00:00:00Z',
        notAfter: '2026-10-18T00:00:00Z',
        source: 'manual',
        validatedAt: '2026-03-20T00:00:00Z',
      });

    it('sends each threshold once, to Slack and email, and escalates unacknowledged ones near expiry', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam(team);
      await track(r);
      await runUntil([r], clock, '2026-10-18T00:00:00Z');
      expect(left(slack.posts)).toEqual(['60', '30', '14', '7', '3', '1']);
      expect(slack.posts.every((p) => p.channel === 'C0WEB')).toBe(true);
      expect(slack.posts.filter((p) => p.text.startsWith('<@U0BOSS>'))).toHaveLength(3);
      expect(smtp.mails).toHaveLength(6);
      expect(smtp.mails[0]!.to).toEqual(['ops@example.jp']);
      expect(smtp.mails[0]!.text).toContain('/evssl renew');
    });

    it('an acknowledged certificate keeps reminding but no longer escalates', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam(team);
      const c = await track(r);
      await r.service.ack(c.id);
      await runUntil([r], clock, '2026-10-18T00:00:00Z');
      expect(slack.posts).toHaveLength(6);
      expect(slack.posts.some((p) => p.text.includes('<@U0BOSS>'))).toBe(false);
    });

    it('snooze holds reminders, then catches up once with the most urgent threshold', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam({ ...team, emails: [] });
      const c = await track(r);
      await runUntil([r], clock, '2026-08-20T00:00:00Z');
      expect(slack.posts).toHaveLength(1);
      await r.service.snooze(c.id, 50); // until 2026-10-09: skips 30 and 14
      await runUntil([r], clock, '2026-10-18T00:00:00Z');
      expect(left(slack.posts)).toEqual(['60', '10', '7', '3', '1']);
    });

    it('"renewal started" stops the reminders; a renewed certificate starts them again', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
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

    it('a claim answers with the thresholds it left sent, and only its first caller gets them', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock, false);
      await r.registry.putTeam(team);
      const c = await track(r);
      expect(await r.registry.claim(c.id, c.generation, 60)).toEqual([60]);
      expect(await r.registry.claim(c.id, c.generation, 60)).toBeNull();
      expect((await r.registry.claim(c.id, c.generation, 30))?.sort()).toEqual([30, 60]);
      expect(await r.registry.claim(c.id, c.generation + 1, 14)).toEqual([14]); // a new generation starts over
      expect(await r.registry.claim('c0000000000000000', 1, 60)).toBeNull(); // never on a missing one
    });

    it('a team changed between two reminders: the second goes where the team now says', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam(team);
      await track(r);
      await runUntil([r], clock, '2026-08-19T00:00:00Z'); // the 60-day reminder
      await r.registry.putTeam({ ...team, slackChannel: 'C0NEW', emails: ['new@example.jp'] });
      await runUntil([r], clock, '2026-09-18T00:00:00Z'); // the 30-day one, at once after the change
      expect(slack.posts.map((p) => [p.channel, left([p])[0]])).toEqual([
        ['C0WEB', '60'],
        ['C0NEW', '30'],
      ]);
      expect(smtp.mails.map((m) => m.to)).toEqual([['ops@example.jp'], ['new@example.jp']]);
    });

    it.runIf(adapter.concurrent)(
      "another instance's change to a team is seen by this one's reminders within a second",
      async () => {
        const clock = manualClock('2026-05-01T00:00:00Z');
        const place = adapter.fresh();
        const r = await instance(place, clock);
        const other = await instance(place, clock, false);
        await r.registry.putTeam(team);
        await track(r);
        await runUntil([r], clock, '2026-08-19T00:00:00Z');
        await other.registry.putTeam({ ...team, slackChannel: 'C0NEW' });
        await new Promise((resolve) => setTimeout(resolve, 1100));
        await runUntil([r], clock, '2026-09-18T00:00:00Z');
        expect(slack.posts.map((p) => p.channel)).toEqual(['C0WEB', 'C0NEW']);
      },
    );

    it('removing a certificate drops its queued reminder', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam({ ...team, emails: [] });
      const c = await track(r);
      expect(await adapter.delayed(r)).toHaveLength(1);
      expect(await r.service.remove(c.id)).toBe(true);
      expect(await adapter.delayed(r)).toHaveLength(0);
      clock.set('2026-10-18T00:00:00Z');
      await r.tick();
      await r.idle();
      expect(slack.posts).toHaveLength(0);
    });

    it('survives a restart in the middle: jobs and bookkeeping are stored', async () => {
      const place = adapter.fresh();
      const clock = manualClock('2026-05-01T00:00:00Z');
      const a = await instance(place, clock);
      await a.registry.putTeam({ ...team, emails: [] });
      await track(a);
      await runUntil([a], clock, '2026-09-20T00:00:00Z'); // 60 and 30 sent
      expect(slack.posts).toHaveLength(2);
      await stop(a);
      await adapter.restartServer?.();
      const b = await instance(place, clock);
      await runUntil([b], clock, '2026-10-18T00:00:00Z');
      expect(left(slack.posts)).toEqual(['60', '30', '14', '7', '3', '1']);
    });

    it('a reminder due while no instance ran is sent once by the next one', async () => {
      const place = adapter.fresh();
      const clock = manualClock('2026-05-01T00:00:00Z');
      const a = await instance(place, clock);
      await a.registry.putTeam({ ...team, emails: [] });
      await track(a);
      await stop(a);
      clock.set('2026-08-19T12:00:00Z'); // the 60-day reminder fell due while nothing ran
      const b = await instance(place, clock);
      await b.tick();
      await b.idle();
      expect(await b.tick()).toBe(0);
      await b.idle();
      // Sent late, once, counting the days left from when it went out.
      expect(left(slack.posts)).toEqual(['59']);
    });

    it('an instance that stops after the due-scan, before sending, leaves the reminder to the next one', async () => {
      const place = adapter.fresh();
      const clock = manualClock('2026-05-01T00:00:00Z');
      const a = await instance(place, clock, false);
      await a.registry.putTeam({ ...team, emails: [] });
      await track(a);
      clock.set('2026-08-19T00:00:00Z');
      expect(await a.tick()).toBe(1); // due, but this instance has no worker and now goes away
      await stop(a);
      const b = await instance(place, clock);
      await b.idle();
      expect(await b.tick()).toBe(0);
      expect(slack.posts).toHaveLength(1);
      expect(slack.posts[0]!.text).toContain('(60 days left)');
    });

    it('the same job fired three times at once is claimed by one of them', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam({ ...team, emails: [] });
      const c = await track(r);
      clock.set('2026-08-19T00:00:00Z');
      const job = { type: 'renewal' as const, certId: c.id, rev: c.rev, threshold: 60, dueAt: clock.now() };
      const outcomes = await Promise.all([r.service.fire(job), r.service.fire(job), r.service.fire(job)]);
      expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'sent']);
      expect(slack.posts).toHaveLength(1);
    });

    it.runIf(adapter.concurrent)(
      'two instances running at once send every (certificate, threshold) exactly once',
      async () => {
        const place = adapter.fresh();
        const clock = manualClock('2026-05-01T00:00:00Z');
        const a = await instance(place, clock);
        const b = await instance(place, clock);
        await a.registry.putTeam({ ...team, emails: [] });
        const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example.jp`);
        await Promise.all(domains.flatMap((d) => [track(a, d), track(b, d)]));
        await runUntil([a, b], clock, '2026-10-18T00:00:00Z');
        expect(slack.posts).toHaveLength(20 * 6);
      },
    );

    it('twenty certificates tracked twice over are one schedule, each threshold sent once', async () => {
      const clock = manualClock('2026-05-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam({ ...team, emails: [] });
      const domains = Array.from({ length: 20 }, (_, i) => `d${i}.example.jp`);
      await Promise.all(domains.flatMap((d) => [track(r, d), track(r, d)]));
      await runUntil([r], clock, '2026-10-18T00:00:00Z');
      const keys = slack.posts.map(
        (p) => `${/for (\S+) expires/.exec(p.text)?.[1]}:${/\((\d+) days? left/.exec(p.text)?.[1]}`,
      );
      expect(keys).toHaveLength(20 * 6);
      expect(new Set(keys).size).toBe(20 * 6);
    });

    it('a reminder due in Golden Week goes out the Friday before, unless the team has no holiday calendar', async () => {
      const clock = manualClock('2026-04-01T00:00:00Z');
      const r = await instance(adapter.fresh(), clock);
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
      const due = new Map(
        (await adapter.delayed(r)).flatMap((j) => (j.type === 'renewal' ? [[j.certId, j.dueAt]] : [])),
      );
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
      const r = await instance(adapter.fresh(), clock);
      await r.registry.putTeam({ ...team, emails: [] });
      await track(r);
      slack.failNext(1);
      await runUntil([r], clock, '2026-08-20T00:00:00Z');
      expect(slack.posts).toHaveLength(1);
    });
  });
}
