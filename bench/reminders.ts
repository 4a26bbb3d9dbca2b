// npm run bench:reminders — the cost of scheduling renewal reminders and of dispatching 10,000 due ones
// (to a local fake Slack Web API and a real SMTP server), each beside a baseline measured in the same run:
//   scheduling: RemindService.track (registry compare-and-set + planning + BullMQ delayed job with a
//               deterministic id + due index)  vs  a bare BullMQ queue.add of a delayed job;
//   dispatching: due-scan + BullMQ worker + once-claim + Slack and email + next threshold queued
//               vs  the same notifier called directly (no queue, no Redis) at the same concurrency.
// Also prints Redis memory per tracked certificate, extrapolated to 1,000,000. Starts its own servers.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createReminders } from '../src/remind/create-reminders.js';
import { createNotifier } from '../src/remind/notifier.js';
import { MemoryApplicationStore } from '../src/store/memory-store.js';
import { manualClock, silentLogger, startFakeSlack, startSmtpCapture } from '../test/remind/harness.js';
import { startRedis } from '../test/support/redis-server.js';

const CERTS = Number(process.env.BENCH_CERTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DAY = 86_400_000;

async function pool(n: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function main() {
  const [server, slack, smtp] = await Promise.all([
    startRedis(),
    startFakeSlack(),
    startSmtpCapture({ parse: false }),
  ]);
  const admin = new Redis(server.url);
  const clock = manualClock('2026-06-01T00:00:00Z');
  const reminders = createReminders({
    redisUrl: server.url,
    prefix: 'bench:',
    store: new MemoryApplicationStore(),
    logger: silentLogger(),
    clock: clock.now,
    concurrency: CONCURRENCY,
    notifier: createNotifier({
      slackToken: 'xoxb-bench',
      slackApiUrl: slack.url,
      smtpUrl: smtp.url,
      from: 'bot@example.jp',
    }),
  });
  const notBefore = new Date(clock.now()).toISOString();
  const notAfter = new Date(clock.now() + 200 * DAY).toISOString();
  try {
    await reminders.registry.putTeam({
      id: 'bench',
      lang: 'ja',
      slackChannel: 'C0BENCH',
      emails: ['ops@example.jp'],
      policy: { workDays: [1, 2, 3, 4, 5, 6, 7], businessHours: [0, 24] },
    });
    // Baseline scheduling: a bare BullMQ delayed job per certificate, same ids shape, same concurrency.
    const rawConnection = new Redis(server.url, { maxRetriesPerRequest: null });
    const raw = new Queue('baseline', { connection: rawConnection });
    const tag = randomBytes(3).toString('hex');
    const baseSchedule = await timed(() =>
      pool(CERTS, CONCURRENCY, (i) =>
        raw.add('r', { i }, { jobId: `b_${tag}_${i}`, delay: 140 * DAY, removeOnComplete: true }),
      ),
    );
    await raw.obliterate({ force: true });
    await raw.close();
    rawConnection.disconnect();

    const before = await usedMemory(admin);
    const ours = await timed(() =>
      pool(CERTS, CONCURRENCY, (i) =>
        reminders.service.track({
          domain: `d${i}.example.jp`,
          team: 'bench',
          notBefore,
          notAfter,
          source: 'manual',
        }),
      ),
    );
    const perCert = ((await usedMemory(admin)) - before) / CERTS;

    // Baseline dispatching: the same deliveries, called directly.
    const notifier = createNotifier({
      slackToken: 'xoxb-bench',
      slackApiUrl: slack.url,
      smtpUrl: smtp.url,
      from: 'bot@example.jp',
    });
    const baseDispatch = await timed(() =>
      pool(CERTS, CONCURRENCY, async (i) => {
        await Promise.all([
          notifier.slack('C0BENCH', `baseline ${i}`),
          notifier.email(['ops@example.jp'], `baseline ${i}`, 'text'),
        ]);
      }),
    );
    await notifier.close();
    slack.posts.length = 0;
    const mailsBefore = smtp.received();

    // Ours: move the clock past the 60-day threshold of every certificate, then scan and drain.
    clock.advanceDays(141);
    reminders.startWorker();
    const dispatch = await timed(async () => {
      while ((await reminders.tick()) > 0);
      await reminders.idle();
    });
    const sent = slack.posts.length;
    const mailed = smtp.received() - mailsBefore;
    const queuedNext = await reminders.scheduler.delayedCount();

    const row = (name: string, ms: number, base: number) =>
      `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(8)} s ${((CERTS / ms) * 1000).toFixed(0).padStart(8)}/s   baseline ${(base / 1000).toFixed(2).padStart(7)} s   ratio ${(ms / base).toFixed(2)}x`;
    console.log(`renewal reminders: ${CERTS} certificates, concurrency ${CONCURRENCY}`);
    console.log(row('schedule (track + first job)', ours, baseSchedule));
    console.log(row(`dispatch ${sent} Slack + ${mailed} mails`, dispatch, baseDispatch));
    console.log(`next thresholds queued after dispatch: ${queuedNext}`);
    console.log(
      `Redis memory per tracked certificate: ${perCert.toFixed(0)} B  →  ~${((perCert * 1_000_000) / 2 ** 30).toFixed(2)} GiB for 1,000,000`,
    );
    console.log(
      `1,000,000 certificates at this rate: scheduling ~${(((ours / CERTS) * 1_000_000) / 60_000).toFixed(1)} min once (each later change is one track call)`,
    );
    if (sent !== CERTS || mailed !== CERTS) process.exitCode = 1;
  } finally {
    await reminders.stop();
    admin.disconnect();
    await Promise.all([slack.close(), smtp.close()]);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
