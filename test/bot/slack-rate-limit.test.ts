import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startBot } from './harness.js';
import { dmEvent } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Slack: a 429 holds one channel, not every conversation', () => {
  it('a rate-limited DM waits exactly its Retry-After while another DM is answered at once', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await slack.event(dmEvent('U1', '取得'));
    while (!h.slack.calls.some((c) => c.method === 'chat.postMessage!failed')) await sleep(2);
    const limitedAt = Date.now();

    // A bystander in another DM: answered at once (the client's one queue used to pause for everyone).
    const bystander = await slack.dm('U2', '取得');
    expect(bystander.args.channel).toBe('DU2');
    expect(Date.now() - limitedAt).toBeLessThan(900);

    const posts = await h.slack.waitFor('chat.postMessage', 2);
    const retriedAt = Date.now();
    expect(posts.map((c) => c.args.channel)).toEqual(['DU2', 'DU1']);
    // Exactly the Retry-After (no backoff added on top: three 1 s Retry-Afters used to be 2.6-8.5 s).
    expect(retriedAt - limitedAt).toBeGreaterThanOrEqual(950);
    expect(retriedAt - limitedAt).toBeLessThan(1600);
    // One retry: the client never saw the 429 (it would have paused and retried on its own too).
    expect(h.slack.calls.filter((c) => c.method.startsWith('chat.postMessage')).length).toBe(3);
  });
});
