/**
 * `npm run bench:slack`: signed message events through Bolt's real HTTP receiver at 10 and 100
 * connections, the bot's full turn (store included) against the same Bolt app with a no-op handler,
 * measured in one run on this machine. Prints requests/s, p50/p99 latency and the ratio to the no-op.
 * Targets (issue 12, commit before acknowledgement): turns completed (reply received) at no worse than
 * 0.27× the reply-only ceiling at 10 connections, and a p99 of at most 100 ms at 100 connections (a slow
 * tail now becomes Slack retries).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/bot/fake-slack.js';
import { dmEvent, eventEnvelope, SIGNING_SECRET, sign } from '../test/bot/signed-requests.js';

const USERS = 500;
const WARMUP = 2_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const slack = await new FakeSlack('count').start();
const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
    '--import',
    'tsx',
    fileURLToPath(new URL('./slack-bots.ts', import.meta.url)),
    slack.url,
    SIGNING_SECRET,
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const ports = await new Promise<{ full: number; local: number; noop: number; reply: number }>((resolve) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
});

function signed(user: number, text: string): { body: string; headers: Record<string, string> } {
  const body = eventEnvelope(dmEvent(`U${user}`, text));
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
    },
  };
}

function post(port: number, agent: Agent, req: ReturnType<typeof signed>): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: req.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    r.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive connection the server closed just as it was reused: sent again, as Node advises.
      if (r.reusedSocket && err.code === 'ECONNRESET') post(port, agent, req).then(resolve, reject);
      else reject(err);
    });
    r.end(req.body);
  });
}

/**
 * Per app and connection count, one keep-alive agent for the whole run (as Slack keeps its connections):
 * a round then measures turns, not connection set-up. Node accepts one new connection per event-loop
 * iteration, so 100 connections opened at once against a busy process wait seconds for their first
 * answer — measured on its own below ("new connections").
 */
const agents = new Map<string, Agent>();
const agentFor = (port: number, connections: number) => {
  const key = `${port}/${connections}`;
  if (!agents.has(key)) agents.set(key, new Agent({ keepAlive: true, maxSockets: connections }));
  return agents.get(key)!;
};

async function load(
  port: number,
  connections: number,
  bodies: Array<ReturnType<typeof signed>>,
  agent = agentFor(port, connections),
) {
  const latencies: number[] = [];
  /** The answers to the first request on each connection. */
  const first: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const ms = await post(port, agent, bodies[i]!);
        latencies.push(ms);
        if (i < connections) first.push(ms);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { rps: bodies.length / seconds, p50: pct(0.5), p99: pct(0.99), firstMax: Math.max(...first) };
}

const texts = ['status', 'help', 'まとめ', 'status'];
const batch = (n: number) => Array.from({ length: n }, (_, i) => signed(i % USERS, texts[i % texts.length]!));

// Every user starts an application first, so the measured turns load, run and save a real one.
for (const port of [ports.full, ports.local]) {
  await load(
    port,
    10,
    Array.from({ length: USERS }, (_, i) => signed(i, 'acquire')),
  );
  await load(port, 10, batch(WARMUP));
}
await load(ports.noop, 10, batch(WARMUP));
await load(ports.reply, 10, batch(WARMUP));

/**
 * Just before a timed round: its connections open (the server closes one idle for 5 s, and the other
 * apps' rounds take longer), and the full turn's replies of this warm-up delivered.
 */
async function warm(port: number, connections: number) {
  const before = slack.count('chat.postMessage');
  await load(port, connections, batch(connections * 2));
  if (port === ports.full) await slack.waitFor('chat.postMessage', before + connections * 2);
}

type Result = Awaited<ReturnType<typeof load>>;
const line = (connections: number, name: string, r: Result, noop: Result, extra = '') =>
  `${String(connections).padStart(4)} | ${name.padEnd(27)} | ${r.rps.toFixed(0).padStart(6)} | ${r.p50.toFixed(2).padStart(7)} | ${r.p99.toFixed(2).padStart(7)} | ${(r.rps / noop.rps).toFixed(2).padStart(5)}x${extra}`;
const rows: string[] = [];
let ok = true;
// The machine is shared: each app runs ROUNDS times, interleaved, and its best run is kept, so a burst of
// someone else's work does not land on one app only.
const best = (a: Result | undefined, b: Result) => (a && a.rps >= b.rps ? a : b);
for (const connections of [10, 100]) {
  let noop: Result | undefined;
  let reply: Result | undefined;
  let local: Result | undefined;
  let full: Result | undefined;
  let completed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await warm(ports.noop, connections);
    noop = best(noop, await load(ports.noop, connections, batch(REQUESTS)));
    await warm(ports.reply, connections);
    reply = best(reply, await load(ports.reply, connections, batch(REQUESTS)));
    await warm(ports.local, connections);
    local = best(local, await load(ports.local, connections, batch(REQUESTS)));
    await warm(ports.full, connections);
    const before = slack.count('chat.postMessage');
    const started = process.hrtime.bigint();
    full = best(full, await load(ports.full, connections, batch(REQUESTS)));
    // Events are acknowledged before the turn runs: also count turns completed (the reply received).
    await slack.waitFor('chat.postMessage', before + REQUESTS);
    completed = Math.max(completed, REQUESTS / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  const ceiling = completed / reply!.rps;
  if (connections === 10 && ceiling < 0.27) ok = false;
  if (connections === 100 && full!.p99 > 100) ok = false;
  rows.push(
    line(connections, 'Bolt, no-op handler', noop!, noop!),
    line(connections, 'Bolt, posts 1 reply only', reply!, noop!),
    line(connections, 'bot turn, Web API in memory', local!, noop!),
    line(
      connections,
      'bot turn, reply over HTTP',
      full!,
      noop!,
      ` | turns completed ${completed.toFixed(0)}/s = ${ceiling.toFixed(2)}x the reply-only`,
    ),
  );
}
// 100 new connections at once while the bot is busy (the slowest first answer among them): the set-up
// cost the rows above leave out. Reported, not a target: Slack and load balancers reuse connections.
const fresh = new Agent({ keepAlive: true, maxSockets: 100 });
const burst = await load(ports.full, 100, batch(REQUESTS), fresh);
fresh.destroy();
rows.push(
  ` 100 | new connections, full turn  | ${burst.rps.toFixed(0).padStart(6)} | ${burst.p50.toFixed(2).padStart(7)} | ${burst.p99.toFixed(2).padStart(7)} | slowest first answer on a new connection ${burst.firstMax.toFixed(0)} ms`,
);
process.stdout.write(
  `Slack HTTP receiver, signed message events (best of ${ROUNDS} runs of ${REQUESTS}, ${USERS} DM conversations, load avg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`,
);
process.stdout.write(' conn | app                         |  req/s | p50 ms  | p99 ms  | vs no-op\n');
for (const r of rows) process.stdout.write(`${r}\n`);
process.stdout.write(
  '"posts 1 reply only": the same Bolt app whose handler only calls chat.postMessage (answered in memory):\n' +
    'the ceiling of any bot that answers each message, before its own turn (store, engine, rendering).\n',
);
process.stdout.write(
  `target (turns completed ≥ 0.27x the reply-only at 10 conn; reply over HTTP p99 ≤ 100 ms at 100 conn): ${ok ? 'met' : 'NOT met'}\n`,
);
for (const agent of agents.values()) agent.destroy();
child.kill('SIGTERM');
await slack.close();
