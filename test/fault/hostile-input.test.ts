import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { eventEnvelope, postSigned } from '../bot/signed-requests.js';
import { type BotProcess, startBotProcess } from './harness/bot-process.js';
import { hostileSlackBody } from './harness/hostile.js';
import { repliesTo } from './harness/load.js';
import { CrashableRedis } from './harness/redis-proc.js';
import { rng, SEED } from './harness/rng.js';

/**
 * Seeded fuzzing, 10,000 inputs in all: signed-but-absurd Slack bodies to the real bot process over
 * HTTP, and mutated mails, CSRs, certificates and field values through the CLI's checking commands in a
 * child process. Nothing may stop a process, hang, answer 5xx to input (5xx means "redeliver": only for
 * an outage) or leave the CLI's exit-code contract. FAULT_SEED replays a run.
 */
const SLACK_BODIES = Number(process.env.FUZZ_SLACK ?? 5000);
const CLI = { mails: 1600, csrs: 2000, certs: 900, values: 500 };
const REQUEST_TIMEOUT_MS = 10_000;

let slack: FakeSlack;
let redis: CrashableRedis;
let bot: BotProcess;
beforeAll(async () => {
  slack = await new FakeSlack().start();
  redis = await new CrashableRedis().start();
  bot = await startBotProcess(redis.url, slack.url);
}, 60_000);
afterAll(async () => {
  await bot?.kill('SIGKILL');
  await redis?.stop();
  await slack?.close();
});

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), ms);
    }),
  ]);
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`${SLACK_BODIES} hostile signed Slack bodies: 200, 400 or 404 each, the process keeps serving`, async () => {
    const r = rng(SEED + 100);
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    let hangs = 0;
    let next = 0;
    const worker = async () => {
      while (next < SLACK_BODIES) {
        const n = next++;
        const { body, contentType } = hostileSlackBody(r, n);
        const res = await withTimeout(
          postSigned(bot.port, body.toString('latin1'), { contentType }).catch(() => ({
            status: -1,
            body: '',
          })),
          REQUEST_TIMEOUT_MS,
        );
        if (res === 'hang') {
          hangs += 1;
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 || res.status < 0)
          fiveHundreds.push(`#${n} ${res.status} ${body.subarray(0, 80)}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    // Still serving: a person's first message after the storm gets its greeting.
    const before = repliesTo(slack, 'DUAFTER').length;
    const ok = await postSigned(
      bot.port,
      eventEnvelope({
        type: 'message',
        channel_type: 'im',
        channel: 'DUAFTER',
        user: 'UAFTER',
        text: '取得',
        ts: '1.0001',
      }),
    );
    const deadline = Date.now() + 10_000;
    while (repliesTo(slack, 'DUAFTER').length <= before && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50));

    const figures = Object.fromEntries(
      [...statuses].sort(([a], [b]) => a - b).map(([s, c]) => [`http${s}`, c]),
    );
    console.log(
      `fuzz slack seed=${SEED}: bodies=${SLACK_BODIES} ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')} hangs=${hangs} exits=${bot.exits.length}`,
    );
    expect(bot.exits).toEqual([]);
    expect(hangs).toBe(0);
    expect(fiveHundreds).toEqual([]);
    expect([...statuses.keys()].every((s) => s === 200 || s === 400 || s === 404)).toBe(true);
    expect(ok.status).toBe(200);
    expect(repliesTo(slack, 'DUAFTER').length).toBeGreaterThan(before);
    expect(bot.stderr()).not.toMatch(/\n\s+at .+[(:]\d+/);
  }, 240_000);

  it(`${CLI.mails + CLI.csrs + CLI.certs + CLI.values} hostile mails, CSRs, certificates and values through the CLI: exit codes in the contract, JSON out, no stack trace`, async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/fault/harness/fuzz-cli.ts',
        String(SEED),
        String(CLI.mails),
        String(CLI.csrs),
        String(CLI.certs),
        String(CLI.values),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-5000);
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect({ exit, err: err.slice(0, 2000) }).toEqual({ exit: { code: 0, signal: null }, err: '' });
    const f = JSON.parse(out) as {
      inputs: number;
      byCommand: Record<string, Record<string, number>>;
      outsideContract: string[];
      notJson: string[];
      stackTraces: string[];
      threw: string[];
      hangs: string[];
      slowestMs: number;
    };
    const codes = Object.entries(f.byCommand)
      .map(
        ([cmd, byCode]) =>
          `${cmd}{${Object.entries(byCode)
            .map(([c, n]) => `${c}:${n}`)
            .join(',')}}`,
      )
      .join(' ');
    console.log(
      `fuzz cli seed=${SEED}: inputs=${f.inputs} ${codes} outsideContract=${f.outsideContract.length} threw=${f.threw.length} hangs=${f.hangs.length} stackTraces=${f.stackTraces.length} notJson=${f.notJson.length} slowestMs=${f.slowestMs}`,
    );
    expect(f.inputs).toBe(CLI.mails + CLI.csrs + CLI.certs + CLI.values);
    expect(f).toMatchObject({ outsideContract: [], notJson: [], stackTraces: [], threw: [], hangs: [] });
  }, 240_000);
});
