import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pacedFetch } from '../../src/bot/channel-pacer.js';
import { jsonPost } from '../../src/bot/json-post.js';
import { leanFetch } from '../../src/bot/lean-fetch.js';
import { codeOf } from '../../src/errors.js';
import { createLogger } from '../../src/log/logger.js';
import { FakeSlack } from './fake-slack.js';

const logger = createLogger({ level: 'silent' });
const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '申請番号 *A-1*' } }];

describe('the reply poster: chat.postMessage with a JSON body over the bot fetch', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('posts channel, thread, text, blocks and metadata as JSON, unfurling off, with the token as Bearer', async () => {
    const seen: Array<{ headers: Record<string, string>; body: string }> = [];
    const inner = leanFetch();
    const post = jsonPost({
      fetch: async (url, init) => {
        seen.push({ headers: init?.headers ?? {}, body: String(init?.body) });
        return inner(url, init as RequestInit);
      },
      apiUrl: slack.url,
      token: 'xoxb-json',
      logger,
    });
    await post({
      channel: 'C1',
      thread_ts: '1700000000.000100',
      text: 'fallback',
      blocks,
      metadata: { event_type: 'evssl_reply', event_payload: { entry: 'a:1', part: 0 } },
    });
    const [call] = slack.of('chat.postMessage').slice(-1);
    expect(call!.args).toMatchObject({
      channel: 'C1',
      thread_ts: '1700000000.000100',
      text: 'fallback',
      blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: 'evssl_reply', event_payload: { entry: 'a:1', part: 0 } },
    });
    expect(seen[0]!.headers.Authorization).toBe('Bearer xoxb-json');
    expect(seen[0]!.headers['Content-Type']).toBe('application/json; charset=utf-8');
    // The pacer reads the channel from the body's start.
    expect(seen[0]!.body.startsWith('{"channel":"C1"')).toBe(true);
  });

  it("rejects with Slack's error code (what the outbox decides drop or retry by)", async () => {
    const post = jsonPost({ fetch: leanFetch(), apiUrl: slack.url, token: 'xoxb-json', logger });
    slack.fail('chat.postMessage', { status: 200, error: 'channel_not_found' });
    await expect(post({ channel: 'C404', text: 't', blocks })).rejects.toSatisfy(
      (err) => codeOf(err) === 'channel_not_found',
    );
    slack.fail('chat.postMessage', { status: 503, error: 'service_unavailable' });
    await expect(post({ channel: 'C1', text: 't', blocks })).rejects.toSatisfy(
      (err) => codeOf(err) === 'slack_http',
    );
  });

  it('a 429 waits out its Retry-After for that channel and is sent again; past the pacer it is a rate-limit error', async () => {
    const paced = pacedFetch(leanFetch(), { maxRetries: 1 });
    const post = jsonPost({ fetch: paced, apiUrl: slack.url, token: 'xoxb-json', logger });
    const before = slack.of('chat.postMessage').length;
    slack.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    await post({ channel: 'CPACED', text: 't', blocks });
    expect(slack.of('chat.postMessage').length).toBe(before + 1);
    slack.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    slack.fail('chat.postMessage', { status: 429, retryAfter: 0 });
    await expect(post({ channel: 'CPACED', text: 't', blocks })).rejects.toSatisfy(
      (err) => codeOf(err) === 'slack_rate_limited',
    );
    expect(slack.of('chat.postMessage!failed').length).toBeGreaterThanOrEqual(3);
  });
});
