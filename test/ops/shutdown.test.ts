import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { dmEvent, eventEnvelope, postSigned, SIGNING_SECRET } from '../bot/signed-requests.js';
import { startBotChild } from './bot-child.js';
import { delayedProxy } from './delayed-proxy.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

/** Slack's Web API behind `delayMs` of latency: replies are still on their way when the signal comes. */
async function slowSlack(target: string, delayMs: number): Promise<string> {
  const proxy = await delayedProxy(target, () => delayMs);
  cleanup.push(proxy.close);
  return proxy.url;
}

async function bot(env: Record<string, string> = {}) {
  const slack = await new FakeSlack().start();
  cleanup.push(() => slack.close());
  const b = await startBotChild({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: await slowSlack(slack.url, 800),
    REMIND_ENABLED: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...env,
  });
  cleanup.push(async () => {
    b.child.kill('SIGKILL');
    await b.exited;
  });
  return { slack, bot: b };
}

describe('graceful shutdown of the real main.ts', () => {
  it('SIGTERM mid-conversation: committed turns get their replies, new requests 503, exit 0 in time', async () => {
    const { slack, bot: b } = await bot();
    const users = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
    const before = slack.of('chat.postMessage').length;
    // Six first turns acknowledged (committed); their replies take 800 ms to reach Slack.
    const acks = await Promise.all(users.map((u) => postSigned(b.port, eventEnvelope(dmEvent(u, '取得')))));
    expect(acks.map((a) => a.status)).toEqual(users.map(() => 200));
    const signalled = Date.now();
    b.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));
    // A new event while draining: refused (Slack delivers it again, to an instance still serving).
    const late = await postSigned(b.port, eventEnvelope(dmEvent('U7', '取得'))).catch(
      (e: NodeJS.ErrnoException) => ({
        status: e.code ?? 'error',
        body: '',
      }),
    );
    expect([503, 'ECONNREFUSED', 'ECONNRESET']).toContain(late.status);
    const exit = await b.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalled).toBeLessThan(20_000);
    // Nothing lost: every committed turn's reply went out before the process exited, none for U7.
    const replies = slack.of('chat.postMessage').slice(before);
    expect(new Set(replies.map((c) => c.args.channel))).toEqual(new Set(users.map((u) => `D${u}`)));
    expect(replies).toHaveLength(users.length);
    const log = b.stdout();
    expect(log).toContain('"msg":"shutting down: finishing the work in hand"');
    expect(log).toContain('"msg":"evssl-bot stopped"');
  }, 120_000);

  it('a second signal exits at once (128 + SIGTERM)', async () => {
    const { bot: b } = await bot({ SHUTDOWN_TIMEOUT_SECONDS: '30' });
    // Replies stuck behind the slow API: the first SIGTERM waits for them, the second does not.
    await postSigned(b.port, eventEnvelope(dmEvent('U1', '取得')));
    b.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    const second = Date.now();
    b.child.kill('SIGTERM');
    const exit = await b.exited;
    expect(exit.code).toBe(143);
    expect(exit.at - second).toBeLessThan(1000);
  }, 120_000);

  it('SHUTDOWN_TIMEOUT_SECONDS bounds a shutdown that cannot finish: exit 1 with a log line', async () => {
    const { bot: c } = await bot({ SHUTDOWN_TIMEOUT_SECONDS: '0.3' });
    await postSigned(c.port, eventEnvelope(dmEvent('U1', '取得')));
    const at = Date.now();
    c.child.kill('SIGTERM');
    const bounded = await c.exited;
    expect(bounded.code).toBe(1);
    expect(bounded.at - at).toBeLessThan(3000);
    expect(c.stdout()).toContain('shutdown deadline passed');
  }, 120_000);
});
