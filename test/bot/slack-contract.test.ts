import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, type Harness, readable, startBot } from './harness.js';
import { dmEvent, eventEnvelope, postSigned, sign } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

describe('Slack contract: signatures, retries, self messages, escaping, rate limits', () => {
  let h: Harness;
  let slack: SlackDriver;
  beforeEach(async () => {
    h = await startBot();
    slack = new SlackDriver(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('refuses a bad signature with 401 and calls no API', async () => {
    const body = eventEnvelope(dmEvent('U1', 'acquire'));
    const r = await postSigned(h.port, body, {
      signature: sign(body, Math.floor(Date.now() / 1000), 'wrong-secret'),
    });
    expect(r.status).toBe(401);
    expect(h.slack.calls).toEqual([]);
  });

  it('refuses a correctly signed request whose timestamp is older than 5 minutes with 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = eventEnvelope(dmEvent('U1', 'acquire'));
    const r = await postSigned(h.port, body, { timestamp: old, signature: sign(body, old) });
    expect(r.status).toBe(401);
    expect(h.slack.calls).toEqual([]);
  });

  it('answers a first DM with the flow choice as buttons, at the top level of the DM', async () => {
    const reply = await slack.dm('U1', 'hello');
    expect(reply.args.channel).toBe('DU1');
    expect(reply.args.thread_ts).toBeUndefined();
    expect(readable(reply.args)).toContain('Is this a new application or a renewal?');
    const values = JSON.stringify(reply.args.blocks);
    expect(values).toContain('"value":"acquire"');
    expect(values).toContain('"value":"renew"');
  });

  it('processes a retried event (same event id, X-Slack-Retry-Num) once', async () => {
    const event = dmEvent('U1', '取得');
    await slack.expectCalls('chat.postMessage', () => slack.event(event, { eventId: 'EvRETRY1' }));
    await slack.event(event, {
      eventId: 'EvRETRY1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    // A later, different event is answered: by then the retry would have been answered too.
    await slack.dm('U1', 'ヘルプ');
    const started = h.slack.of('chat.postMessage').filter((c) => readable(c.args).includes('申請番号'));
    expect(started).toHaveLength(1);
    expect((await h.store.list()).length).toBe(1);
  });

  it('ignores its own messages and other bots', async () => {
    await slack.event({ ...dmEvent('UBOT', 'acquire'), bot_id: 'BBOT' });
    await slack.event({ ...dmEvent('U9', 'acquire'), subtype: 'bot_message', bot_id: 'BOTHER' });
    await slack.dm('U1', 'hello');
    expect(h.slack.of('chat.postMessage')).toHaveLength(1);
    expect(await h.store.list()).toEqual([]);
  });

  it('escapes user text so nobody can inject a broadcast, a mention or a disguised link', async () => {
    await slack.dm('U1', 'acquire');
    const reply = await slack.dm('U1', 'edit <!channel> <@U2> @here');
    const text = readable(reply.args);
    expect(text).not.toMatch(/<!channel>|<@U2>/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toMatch(/@here\b/);
    const link = await slack.dm('U1', 'edit <https://evil.example/|phone>');
    expect(readable(link.args)).not.toContain('evil.example');
    expect(String(link.args.unfurl_links)).toBe('false');
  });

  it('retries a rate-limited call (HTTP 429, Retry-After) and delivers the reply', async () => {
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    const reply = await slack.dm('U1', 'hello');
    expect(h.slack.of('chat.postMessage!failed')).toHaveLength(1);
    expect(readable(reply.args)).toContain('Is this a new application or a renewal?');
  });

  it('never logs the bot token or what users typed', async () => {
    await slack.dm('U1', 'acquire');
    await slack.dm('U1', 'Secret Org Name 03-9999-0000');
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain('03-9999-0000');
  });
});
