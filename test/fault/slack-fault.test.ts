import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { type BotProcess, startBotProcess } from './harness/bot-process.js';
import { runLoad, verify } from './harness/load.js';
import { CrashableRedis } from './harness/redis-proc.js';
import { rng, SEED } from './harness/rng.js';

const CONVERSATIONS = Number(process.env.FAULT_CONVERSATIONS ?? 200);
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function cluster(instances: number) {
  const slack = await new FakeSlack().start();
  cleanup.push(() => slack.close());
  const redis = await new CrashableRedis().start();
  cleanup.push(() => redis.stop());
  const bots: BotProcess[] = await Promise.all(
    Array.from({ length: instances }, () => startBotProcess(redis.url, slack.url)),
  );
  cleanup.push(async () => {
    for (const b of bots) await b.kill('SIGKILL');
  });
  return { slack, redis, bots };
}

function report(name: string, figures: object) {
  const flat = Object.entries(figures)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`fault ${name} seed=${SEED}: ${flat}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault: two real bot processes on one Redis', () => {
  it('a. 3 copies of every event to random instances: one application each, every turn once', async () => {
    const { slack, redis, bots } = await cluster(2);
    const load = await runLoad({
      conversations: CONVERSATIONS,
      ports: () => bots.map((b) => b.port),
      slack,
      random: rng(SEED),
      copies: 3,
      parallel: 20,
    });
    const v = await verify(redis.url, slack, load);
    report('a', { ...load, ...v });
    expect(bots.flatMap((b) => b.exits)).toEqual([]);
    expect(load.lost).toBe(0);
    expect(v.applications).toBe(CONVERSATIONS);
    expect(v).toMatchObject({
      duplicateApps: 0,
      lostTurns: 0,
      doubledTurns: 0,
      committedNoReply: 0,
      repliesDoubled: 0,
      movedOn: 0,
      unreadable: 0,
    });
  }, 120_000);
});

describe('fault: crashes mid-load, Slack-like redelivery', () => {
  it('b. redis-server SIGKILLed and restarted on its port: nothing lost, nothing doubled', async () => {
    const { slack, redis, bots } = await cluster(2);
    const running = runLoad({
      conversations: CONVERSATIONS,
      ports: () => bots.map((b) => b.port),
      slack,
      random: rng(SEED + 1),
      copies: 3,
      parallel: 20,
    });
    await sleep(1500);
    await redis.kill();
    await sleep(1000);
    await redis.start();
    const load = await running;
    const v = await verify(redis.url, slack, load);
    report('b', { ...load, ...v });
    expect(bots.flatMap((b) => b.exits)).toEqual([]);
    expect(v).toMatchObject({
      duplicateApps: 0,
      lostTurns: 0,
      doubledTurns: 0,
      committedNoReply: 0,
      repliesDoubled: 0,
      movedOn: 0,
      unreadable: 0,
    });
    expect(load.noReply).toBe(0);
    expect(load.lost).toBe(0);
  }, 150_000);

  it('c. one bot SIGKILLed and restarted 2 s later: nothing lost, owed replies swept once by the outbox', async () => {
    const { slack, redis, bots } = await cluster(2);
    const running = runLoad({
      conversations: CONVERSATIONS,
      ports: () => bots.map((b) => b.port),
      slack,
      random: rng(SEED + 2),
      copies: 3,
      parallel: 20,
    });
    await sleep(1500);
    const victim = bots[0]!;
    await victim.kill('SIGKILL');
    await sleep(2000);
    bots[0] = await startBotProcess(redis.url, slack.url, victim.port);
    const load = await running;
    // The sweeper sends what the dead process owed (entries older than 5 s, every 2 s).
    await sleep(8000);
    const v = await verify(redis.url, slack, load);
    report('c', { ...load, ...v });
    expect(bots.flatMap((b) => b.exits)).toEqual([]);
    expect(load.lost).toBe(0);
    expect(load.noReply).toBe(0);
    expect(v).toMatchObject({
      duplicateApps: 0,
      lostTurns: 0,
      doubledTurns: 0,
      committedNoReply: 0,
      repliesDoubled: 0,
      movedOn: 0,
      unreadable: 0,
    });
  }, 150_000);
});
