import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { handle } from '../../src/flow/engine.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { nextAction, renewalReminder } from '../../src/remind/message.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { onEffects } from '../../src/remind/on-effects.js';
import { DEFAULT_POLICY, thresholdsFor } from '../../src/remind/policy.js';
import { certificateId } from '../../src/remind/registry.js';
import type { TrackedCertificate } from '../../src/remind/types.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { Certificates, DOMAIN, Drive, issuedAcquire } from '../flow/reissue-helpers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { type FakeSlack, manualClock, silentLogger, startFakeSlack } from './harness.js';

const DAY = 86_400_000;
const cert = (over: Partial<TrackedCertificate>): TrackedCertificate => ({
  id: 'c0123456789abcdef',
  domain: 'www.example.co.jp',
  team: 't',
  notAfter: '2026-10-18T00:00:00Z',
  source: 'issued',
  generation: 1,
  rev: 1,
  state: 'active',
  createdAt: '2026-04-01T00:00:00Z',
  updatedAt: '2026-04-01T00:00:00Z',
  ...over,
});

/** A certificate issued on `issued` living the SC-081 maximum of that day, under a 1-year contract. */
function atBoundary(issued: string, days: number): TrackedCertificate {
  const nb = Date.parse(issued);
  const contract = new Date(nb + 364 * DAY).toISOString().slice(0, 10);
  return cert({
    notBefore: new Date(nb).toISOString(),
    notAfter: new Date(nb + days * DAY).toISOString(),
    contractEnd: contract,
    validatedAt: new Date(nb - 10 * DAY).toISOString(),
  });
}

describe('reminders say reissue or renewal, with both dates', () => {
  it.each([
    // [issued, SC-081 maximum that day, thresholds]
    ['2026-03-14T00:00:00Z', 398, [60, 30, 14, 7, 3, 1], 'renewal'],
    ['2026-03-15T00:00:00Z', 200, [60, 30, 14, 7, 3, 1], 'reissue'],
    ['2027-03-15T00:00:00Z', 100, [30, 15, 7, 3, 1], 'reissue'],
    ['2029-03-15T00:00:00Z', 47, [14, 7, 3, 1], 'reissue'],
  ] as const)(
    'a certificate issued %s (%i days) under a 1-year contract: %j, then %s',
    (issued, days, thresholds, action) => {
      const c = atBoundary(issued, days);
      expect(thresholdsFor(c, DEFAULT_POLICY)).toEqual(thresholds);
      expect(nextAction(c)).toBe(action);
      const now = Date.parse(c.notAfter) - 7 * DAY;
      const ja = renewalReminder({ cert: c, lang: 'ja', now });
      expect(ja.text).toContain(c.notAfter.slice(0, 10));
      expect(ja.text).toContain(c.contractEnd!);
      expect(ja.subject).toMatch(action === 'reissue' ? /再発行/ : /更新/);
      expect(ja.text).toContain(action === 'reissue' ? '/evssl reissue' : '/evssl renew');
      const en = renewalReminder({ cert: c, lang: 'en', now });
      expect(en.text).toMatch(
        action === 'reissue' ? /free reissue \(再発行\)/ : /renewal \(更新申請\) is needed/,
      );
      // The validation window: when, until when, whether documents come again.
      expect(en.text).toContain(`Organisation last validated on ${c.validatedAt!.slice(0, 10)}`);
    },
  );

  it('a contract ending on the certificate’s last day means renewal; one day later means reissue', () => {
    expect(nextAction(cert({ notAfter: '2026-10-18T00:00:00Z', contractEnd: '2026-10-17' }))).toBe('renewal');
    expect(nextAction(cert({ notAfter: '2026-10-18T00:00:00Z', contractEnd: '2026-10-18' }))).toBe('reissue');
  });

  it('without a contract end, names both and where to look', () => {
    const m = renewalReminder({ cert: cert({}), lang: 'ja', now: Date.parse('2026-10-11T00:00:00Z') });
    expect(m.text).toContain('契約期間の終了日: 未登録');
    expect(m.text).toMatch(/「契約期間」を確認/);
  });

  it('points a reissue to the issued application’s thread when there is one', () => {
    const m = renewalReminder({
      cert: cert({ contractEnd: '2027-03-31', applicationId: 'A1B2C3' }),
      lang: 'en',
      now: Date.parse('2026-10-11T00:00:00Z'),
    });
    expect(m.text).toContain('Say "reissue" in application A1B2C3');
  });

  it('says when the organisation data must be validated again', () => {
    const m = renewalReminder({
      cert: cert({
        notAfter: '2027-06-01T00:00:00Z',
        contractEnd: '2027-12-31',
        validatedAt: '2026-03-01T00:00:00Z',
      }),
      lang: 'en',
      now: Date.parse('2027-05-25T00:00:00Z'),
    });
    expect(m.text).toContain('Organisation last validated on 2026-03-01');
    expect(m.text).toMatch(/full revalidation is needed/);
  });
});

describe('through Redis: the contract end reaches the tracked certificate, the reissue replaces it', () => {
  let redis: RedisServer;
  let slack: FakeSlack;
  let certs: Certificates;
  const running: RunningReminders[] = [];
  beforeAll(async () => {
    [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
    certs = new Certificates();
  });
  afterAll(async () => {
    certs.dispose();
    await Promise.all([redis.stop(), slack.close()]);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    slack.posts.length = 0;
  });

  it('reminds to reissue, stops while the reissue runs, then tracks the new certificate', async () => {
    const clock = manualClock('2026-04-01T01:00:00Z');
    const r = createReminders({
      redisUrl: redis.url,
      prefix: `t${randomBytes(4).toString('hex')}:`,
      store: new MemoryApplicationStore(),
      logger: silentLogger(),
      clock: clock.now,
      notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: slack.url }),
    });
    r.startWorker();
    running.push(r);
    const conversation = 'slack:T1:C0APP:1700000000.000100';
    const d = new Drive('acquire', '2026-04-01T01:00:00Z');
    issuedAcquire(d, certs.csr('a'), certs.cert('a', '2026-04-01T00:00:00Z', 199));
    await onEffects(r, { app: d.app, conversation, effects: d.outcome.effects });
    d.say('2027-03-31');
    await onEffects(r, { app: d.app, conversation, effects: d.outcome.effects });
    const id = certificateId('slack-T1-C0APP', DOMAIN);
    const tracked = await r.registry.get(id);
    expect(tracked).toMatchObject({ contractEnd: '2027-03-31', generation: 1 });
    expect(tracked?.validatedAt).toBeDefined();

    // 60 days before 2026-10-17: the reminder says reissue, with both dates.
    clock.set('2026-08-20T01:00:00Z');
    await r.tick();
    await r.idle();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.text).toContain('2026-10-17');
    expect(slack.posts[0]!.text).toContain('2027-03-31');
    expect(slack.posts[0]!.text).toMatch(/「再発行」/);
    expect(slack.posts[0]!.text).toContain('申請 RE1SSU のスレッドで「再発行」');

    // The reissue starts in the application's thread; once past the CSR its reminders stop.
    const ctx = () => ({
      now: new Date(clock.now()),
      actor: { channel: 'console' as const, id: 'tester' },
      deps: engineDeps,
    });
    let app = d.app;
    const say = async (text: string) => {
      const out = handle(app, { type: 'text', text }, ctx());
      app = out.app;
      await onEffects(r, { app, conversation, effects: out.effects });
      return out;
    };
    await say('再発行');
    await say('開きました');
    await say(certs.csr('b'));
    expect((await r.registry.get(id))?.state).toBe('renewing');
    await say('はい');
    await say('パネルで申請しました');
    await say('完了');
    clock.set('2026-08-25T01:00:00Z');
    const issued = await say(certs.cert('b', '2026-08-24T00:00:00Z', 199));
    expect(issued.app.status).toBe('issued');
    const next = await r.registry.get(id);
    expect(next).toMatchObject({ generation: 2, state: 'active', contractEnd: '2027-03-31' });
    expect(next?.notAfter.slice(0, 10)).toBe('2027-03-11');
  });
});
