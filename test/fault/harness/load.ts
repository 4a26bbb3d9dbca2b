import { request } from 'node:http';
import { readConfig } from '../../../src/config/config.js';
import { MESSAGES } from '../../../src/flow/messages.js';
import { createLogger } from '../../../src/log/logger.js';
import { createRedisStore } from '../../../src/store/create-redis-store.js';
import type { FakeSlack } from '../../bot/fake-slack.js';
import { dmEvent, eventEnvelope, sign } from '../../bot/signed-requests.js';

/** The first turns of the acquire flow as a user types them (each answered by one message). */
export const TURNS = ['取得', 'はい', 'はい'];

export interface LoadOptions {
  conversations: number;
  ports: () => number[];
  slack: FakeSlack;
  random: () => number;
  /** Copies of each event Slack sends (same event_id). */
  copies: number;
  parallel: number;
  /** Slack-like redelivery of a copy that got no 2xx: after 1 s, 2 s, 4 s, then it is lost. */
  retryDelaysMs?: number[];
  replyTimeoutMs?: number;
}

export interface LoadFigures {
  conversations: number;
  events: number;
  deliveries: number;
  non2xx: number;
  acked: number;
  lost: number;
  noReply: number;
  /** Per user: event ids acknowledged. */
  ackedBy: Map<string, Set<string>>;
}

function post(port: number, body: string, retry: number): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(body, ts),
          'content-length': String(Buffer.byteLength(body)),
          ...(retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_error' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function repliesTo(slack: FakeSlack, channel: string) {
  return slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel);
}

/** Drives `conversations` DMs through TURNS; every event sent `copies` times to random instances. */
export async function runLoad(o: LoadOptions): Promise<LoadFigures> {
  const f: LoadFigures = {
    conversations: o.conversations,
    events: 0,
    deliveries: 0,
    non2xx: 0,
    acked: 0,
    lost: 0,
    noReply: 0,
    ackedBy: new Map(),
  };
  const delays = o.retryDelaysMs ?? [1000, 2000, 4000];
  const pick = () => {
    const ports = o.ports();
    return ports[Math.floor(o.random() * ports.length)]!;
  };
  // One copy as Slack sends it: redelivered on no 2xx, at most delays.length times.
  const deliver = async (body: string, first: number): Promise<boolean> => {
    for (let attempt = 0; ; attempt++) {
      f.deliveries += 1;
      const status = await post(pick(), body, first + attempt);
      if (status >= 200 && status < 300) return true;
      f.non2xx += 1;
      if (attempt >= delays.length) return false;
      await sleep(delays[attempt]!);
    }
  };
  const conversation = async (i: number) => {
    const user = `U${String(i).padStart(5, '0')}`;
    const channel = `D${user}`;
    const acked = new Set<string>();
    f.ackedBy.set(user, acked);
    for (const [turn, text] of TURNS.entries()) {
      const eventId = `Ev${user}T${turn}`;
      const body = eventEnvelope(dmEvent(user, text), { eventId });
      f.events += 1;
      const before = repliesTo(o.slack, channel).length;
      // Some copies race (sent together), the rest follow the first one's answer.
      const together = o.random() < 0.3;
      let ok: boolean[];
      if (together) {
        ok = await Promise.all(Array.from({ length: o.copies }, (_, k) => deliver(body, k)));
      } else {
        ok = [];
        for (let k = 0; k < o.copies; k++) ok.push(await deliver(body, k));
      }
      if (!ok.some(Boolean)) {
        f.lost += 1;
        continue;
      }
      f.acked += 1;
      acked.add(eventId);
      const deadline = Date.now() + (o.replyTimeoutMs ?? 20_000);
      while (repliesTo(o.slack, channel).length <= before && Date.now() < deadline) await sleep(50);
      if (repliesTo(o.slack, channel).length <= before) f.noReply += 1;
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: o.parallel }, async () => {
      while (next < o.conversations) await conversation(next++);
    }),
  );
  return f;
}

export interface Verdict {
  applications: number;
  duplicateApps: number;
  lostTurns: number;
  doubledTurns: number;
  committedNoReply: number;
  repliesDoubled: number;
  movedOn: number;
  unreadable: number;
}

/** Reads Redis back (a fresh store, prefix evssl:, the same DATA_KEYS) and the fake's recorded posts. */
export async function verify(redisUrl: string, slack: FakeSlack, load: LoadFigures): Promise<Verdict> {
  const config = readConfig({ REDIS_URL: redisUrl, DATA_KEYS: 'dev' });
  const store = await createRedisStore(config.redis, createLogger({ level: 'silent' }));
  const v: Verdict = {
    applications: 0,
    duplicateApps: 0,
    lostTurns: 0,
    doubledTurns: 0,
    committedNoReply: 0,
    repliesDoubled: 0,
    movedOn: 0,
    unreadable: 0,
  };
  try {
    const apps = await store.list();
    v.applications = apps.length;
    const byUser = new Map<string, number>();
    for (const { app } of apps) {
      let audit: Awaited<ReturnType<typeof store.audit>>;
      try {
        audit = await store.audit(app.id);
      } catch {
        v.unreadable += 1;
        continue;
      }
      const actor = audit.find((a) => a.actor.startsWith('slack:'))?.actor ?? '';
      const user = actor.split(':').pop() ?? '';
      byUser.set(user, (byUser.get(user) ?? 0) + 1);
      const want = load.ackedBy.get(user)?.size ?? 0;
      if (audit.length < want) v.lostTurns += want - audit.length;
      if (audit.length > want) v.doubledTurns += audit.length - want;
    }
    for (const [user, acked] of load.ackedBy) {
      const n = byUser.get(user) ?? 0;
      if (n > 1) v.duplicateApps += n - 1;
      if (n === 0 && acked.size > 0) v.lostTurns += acked.size;
      const posts = repliesTo(slack, `D${user}`);
      if (posts.length < acked.size) v.committedNoReply += acked.size - posts.length;
      if (posts.length > acked.size) v.repliesDoubled += posts.length - acked.size;
      v.movedOn += posts.filter((p) =>
        String(p.args.text ?? '').includes(MESSAGES.movedOn.ja.slice(0, 12)),
      ).length;
    }
  } finally {
    await store.close();
  }
  return v;
}
