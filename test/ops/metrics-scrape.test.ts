import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { dmEvent, eventEnvelope, postSigned, SIGNING_SECRET } from '../bot/signed-requests.js';
import { type BotChild, get, sample, startBotChild } from './bot-child.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function slackBot(): Promise<{ slack: FakeSlack; bot: BotChild }> {
  const slack = await new FakeSlack().start();
  cleanup.push(() => slack.close());
  const bot = await startBotChild({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    REMIND_ENABLED: 'false',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  });
  cleanup.push(async () => {
    bot.child.kill('SIGKILL');
    await bot.exited;
  });
  return { slack, bot };
}

const TURNS = ['取得', 'はい', 'はい'];

describe('health, readiness and metrics on the Slack HTTP port (real main.ts, signed requests)', () => {
  it('counts a scripted conversation: turns by outcome, the duplicate, replies owed and delivered', async () => {
    const { slack, bot } = await slackBot();
    const health = await get(bot.port, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const ready = await get(bot.port, '/readyz');
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      checks: { store: { ok: true }, slack: { ok: true } },
    });
    expect(ready.status).toBe(200);

    const before = slack.of('chat.postMessage').length;
    let repeated = '';
    for (const user of ['U1', 'U2']) {
      for (const text of TURNS) {
        const body = eventEnvelope(dmEvent(user, text));
        repeated = body;
        expect((await postSigned(bot.port, body)).status).toBe(200);
      }
    }
    // Slack's redelivery of the last event: acknowledged, dropped as a duplicate, answered once.
    expect((await postSigned(bot.port, repeated, { headers: { 'x-slack-retry-num': '1' } })).status).toBe(
      200,
    );
    await slack.waitFor('chat.postMessage', before + 6);

    let scrape = '';
    // Replies go out after the acknowledgement: wait until the relay recorded the last delivery.
    for (let i = 0; i < 50; i++) {
      const r = await get(bot.port, '/metrics');
      expect(r.status).toBe(200);
      expect(r.type).toMatch(/^text\/plain/);
      scrape = r.body;
      if (sample(scrape, 'evssl_replies_delivered_total{channel="slack"}') >= 6) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(scrape, 'evssl_turns_total{channel="slack",outcome="answered"}')).toBe(6);
    expect(sample(scrape, 'evssl_turns_total{channel="slack",outcome="duplicate"}')).toBe(1);
    expect(sample(scrape, 'evssl_duplicates_dropped_total{channel="slack"}')).toBe(1);
    expect(sample(scrape, 'evssl_turn_duration_seconds_count{channel="slack"}')).toBe(7);
    expect(sample(scrape, 'evssl_replies_owed_total{channel="slack"}')).toBe(6);
    expect(sample(scrape, 'evssl_replies_delivered_total{channel="slack"}')).toBe(6);
    expect(sample(scrape, 'evssl_outbox_pending')).toBe(0);
    expect(sample(scrape, 'evssl_slack_rate_limited_total')).toBe(0);
    // Default process metrics are there too.
    expect(scrape).toMatch(/^process_cpu_user_seconds_total /m);
    expect(scrape).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(slack.of('chat.postMessage').length).toBe(before + 6);

    // One JSON line per turn at info: channel, outcome, latency, application id; nothing a person typed.
    const turnLines = () =>
      bot
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{') && l.endsWith('}'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'turn');
    // The logger writes asynchronously: on a loaded machine the last lines reach the pipe a little later.
    for (let i = 0; i < 100 && turnLines().length < 7; i++) await new Promise((r) => setTimeout(r, 100));
    const turns = turnLines();
    expect(turns).toHaveLength(7);
    for (const t of turns) {
      expect(t.level).toBe(30);
      expect(t.channel).toBe('slack');
      expect(typeof t.latencyMs).toBe('number');
      expect(String(t.event)).toMatch(/^slack:Ev\d+$/);
    }
    expect(
      turns
        .filter((t) => t.outcome === 'answered')
        .every((t) => /^[0-9A-F]{6}$/.test(String(t.applicationId))),
    ).toBe(true);
    expect(new Set(turns.map((t) => t.applicationId).filter(Boolean)).size).toBe(2);
    const lines = turns.map((t) => JSON.stringify(t)).join('\n');
    for (const secret of ['U1', 'U2', '取得', 'はい', 'xoxb']) expect(lines).not.toContain(secret);
  }, 120_000);

  it('readiness fails (503) with the failing check named when Slack refuses auth.test', async () => {
    const slack = await new FakeSlack().start();
    cleanup.push(() => slack.close());
    // Every auth.test answers invalid_auth: the process serves (healthz) but is not ready.
    for (let i = 0; i < 20; i++) slack.fail('auth.test', { status: 200, error: 'invalid_auth' });
    const bot = await startBotChild({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      REMIND_ENABLED: 'false',
      LOG_LEVEL: 'error',
    });
    cleanup.push(async () => {
      bot.child.kill('SIGKILL');
      await bot.exited;
    });
    const ready = await get(bot.port, '/readyz');
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.body);
    expect(body.status).toBe('not ready');
    expect(body.checks.store).toEqual({ ok: true });
    expect(body.checks.slack.ok).toBe(false);
    expect(ready.body).not.toContain('xoxb');
  }, 120_000);
});
