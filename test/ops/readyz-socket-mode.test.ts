import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { get, startBotChild } from './bot-child.js';
import { startFakeSocketMode } from './fake-socket-mode.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function readyzUntil(port: number, status: number, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await get(port, '/readyz');
    if (r.status === status || Date.now() > deadline) return { ...r, json: JSON.parse(r.body) };
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('OPS_PORT readiness of a real Socket Mode process (main.ts, a local Socket Mode fake)', () => {
  it('readyz reports the socket: 200 once connected, 503 naming slack while it is down', async () => {
    const slack = await startFakeSocketMode();
    cleanup.push(() => slack.close());
    const ops = await freePort();
    const bot = await startBotChild(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_APP_TOKEN: 'xapp-1-test-secret',
        SLACK_API_URL: slack.url,
        OPS_PORT: String(ops),
        REMIND_ENABLED: 'false',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      },
      { healthPort: ops },
    );
    cleanup.push(async () => {
      bot.child.kill('SIGKILL');
      await bot.exited;
    });
    const ready = await readyzUntil(ops, 200);
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', checks: { store: { ok: true }, slack: { ok: true } } });
    expect(slack.opened).toBe(1);
    // Slack's side goes away (sockets cut, connections.open failing): not ready, still alive.
    slack.refusing = true;
    slack.drop();
    const down = await readyzUntil(ops, 503, 5000);
    expect(down.status).toBe(503);
    expect(down.json).toMatchObject({
      status: 'not ready',
      checks: { store: { ok: true }, slack: { ok: false, detail: 'socket mode not connected' } },
    });
    const alive = await get(ops, '/healthz');
    expect(alive.status).toBe(200);
    // Back: Bolt reconnects, ready again.
    slack.refusing = false;
    expect((await readyzUntil(ops, 200, 20_000)).status).toBe(200);
    expect(slack.opened).toBeGreaterThanOrEqual(2);
    for (const body of [ready.body, down.body, alive.body])
      for (const secret of ['xoxb', 'xapp', 'ticket']) expect(body).not.toContain(secret);
  }, 60_000);
});
