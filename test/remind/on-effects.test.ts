import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Application, newApplication } from '../../src/flow/state.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { onEffects, teamFor } from '../../src/remind/on-effects.js';
import { certificateId } from '../../src/remind/registry.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { type FakeSlack, manualClock, silentLogger, startFakeSlack } from './harness.js';

let redis: RedisServer;
let slack: FakeSlack;
const running: RunningReminders[] = [];
beforeAll(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
});
afterAll(async () => {
  await Promise.all([redis.stop(), slack.close()]);
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  slack.posts.length = 0;
});

const CONVERSATION = 'slack:T1:C0APP:1700000000.000100';
const TEAM = 'slack-T1-C0APP';

function setup(start: string) {
  const clock = manualClock(start);
  const store = new MemoryApplicationStore();
  const r = createReminders({
    redisUrl: redis.url,
    prefix: `t${randomBytes(4).toString('hex')}:`,
    store,
    logger: silentLogger(),
    clock: clock.now,
    notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: slack.url }),
  });
  r.startWorker();
  running.push(r);
  return { clock, store, r };
}

async function runTo(r: RunningReminders, clock: ReturnType<typeof manualClock>, iso: string) {
  const end = Date.parse(iso);
  for (;;) {
    const due = (await r.scheduler.delayed()).map((j) => j.dueAt);
    const next = due.filter((t) => t > clock.now() && t <= end).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    clock.set(new Date(next).toISOString());
    await r.tick();
    await r.idle();
  }
}

function app(flow: 'acquire' | 'renew', at: string): Application {
  const a = newApplication({
    id: 'A1B2C3',
    flow,
    lang: 'en',
    actor: { channel: 'slack', id: 'T1:U1' },
    now: new Date(at),
  });
  a.csr = {
    pem: '',
    domain: 'shop.example.jp',
    sans: ['shop.example.jp'],
    keyType: 'RSA',
    publicKeyFingerprint: 'x',
  };
  return a;
}

describe('onEffects: what a committed turn schedules', () => {
  it('files a Slack conversation under its channel team', () => {
    expect(
      teamFor({ app: app('acquire', '2026-01-01T00:00:00Z'), conversation: CONVERSATION }, 'default'),
    ).toMatchObject({
      id: TEAM,
      slackChannel: 'C0APP',
    });
  });

  it('an issued certificate is tracked and its first reminder queued', async () => {
    const { r } = setup('2026-10-01T00:00:00Z');
    const a = app('acquire', '2026-10-01T00:00:00Z');
    a.answers['wait.callback'] = '2026-09-28T00:00:00Z';
    await onEffects(r, {
      app: a,
      conversation: CONVERSATION,
      effects: [
        { type: 'application-closed', status: 'issued' },
        {
          type: 'certificate-issued',
          domain: 'shop.example.jp',
          certificate: { notBefore: '2026-10-01T00:00:00Z', notAfter: '2027-04-19T00:00:00Z' },
        },
      ],
    });
    const cert = await r.registry.get(certificateId(TEAM, 'shop.example.jp'));
    expect(cert).toMatchObject({ state: 'active', source: 'issued', validatedAt: '2026-09-28T00:00:00Z' });
    expect(cert?.pendingJob).toMatch(/^r_/);
    expect(await r.scheduler.delayedCount()).toBe(1);
  });

  it('a renewal under way stops the reminders; cancelling it resumes them', async () => {
    const { r } = setup('2027-02-01T00:00:00Z');
    await r.service.track({
      domain: 'shop.example.jp',
      team: TEAM,
      notAfter: '2027-04-19T00:00:00Z',
      source: 'manual',
    });
    const a = app('renew', '2027-02-01T00:00:00Z');
    const id = certificateId(TEAM, 'shop.example.jp');
    await onEffects(r, {
      app: a,
      conversation: CONVERSATION,
      effects: [{ type: 'step-entered', step: 'verification' }],
    });
    expect((await r.registry.get(id))?.state).toBe('renewing');
    await onEffects(r, {
      app: a,
      conversation: CONVERSATION,
      effects: [{ type: 'application-closed', status: 'cancelled' }],
    });
    expect((await r.registry.get(id))?.state).toBe('active');
  });

  it('nudges a stalled step, and drops the nudge once the step has moved on', async () => {
    const { r, store, clock } = setup('2026-10-01T00:00:00Z');
    const a = app('acquire', '2026-10-01T00:00:00Z');
    await store.save({ app: a, expectedVersion: 0 });
    await onEffects(r, {
      app: a,
      conversation: CONVERSATION,
      effects: [{ type: 'step-entered', step: 'verification' }],
    });
    await runTo(r, clock, '2026-10-05T00:00:00Z');
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]).toMatchObject({ channel: 'C0APP' });
    expect(slack.posts[0]!.text).toContain('approval mail has not been acted on');
    // The applicant moves on to the next step: the code-expiry nudge for the old step is stale.
    await store.save({ app: { ...a, stepSince: '2026-10-05T00:00:00Z' }, expectedVersion: 1 });
    await runTo(r, clock, '2026-11-01T00:00:00Z');
    expect(slack.posts).toHaveLength(1);
  });

  it('the same effect delivered twice (two instances, a retried turn) queues one schedule', async () => {
    const { r, store, clock } = setup('2026-10-01T00:00:00Z');
    const a = app('acquire', '2026-10-01T00:00:00Z');
    await store.save({ app: a, expectedVersion: 0 });
    const turn = {
      app: a,
      conversation: CONVERSATION,
      effects: [{ type: 'step-entered' as const, step: 'documents' as const }],
    };
    await Promise.all([onEffects(r, turn), onEffects(r, turn)]);
    await runTo(r, clock, '2026-10-10T00:00:00Z');
    expect(slack.posts).toHaveLength(1);
  });
});
