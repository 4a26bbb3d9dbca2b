import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startBot } from './harness.js';
import { commandBody, FORM, nextTs, postSigned } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Slack: a replayed slash command', () => {
  it('the same signed /evssl acquire body posted twice starts one thread and one application', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const body = commandBody({
      user_id: 'U1',
      text: 'acquire',
      channel_id: 'C1',
      response_url: `${h.slack.base}/respond/${nextTs()}`,
    });
    const [parent] = await slack.expectCalls(
      'chat.postMessage',
      async () => {
        expect((await postSigned(h.port, body, { contentType: FORM })).status).toBe(200);
        expect((await postSigned(h.port, body, { contentType: FORM })).status).toBe(200);
      },
      2,
    );
    await h.bot.idle();
    const posts = h.slack.of('chat.postMessage');
    // The parent in the channel and the first question in its thread: nothing more.
    expect(posts).toHaveLength(2);
    expect(posts.filter((p) => !p.args.thread_ts)).toEqual([parent]);
    expect(await h.store.list()).toHaveLength(1);
    // A new invocation (its own trigger_id) still starts another one.
    await slack.expectCalls('chat.postMessage', () => slack.command('U1', 'acquire'), 2);
    expect(await h.store.list()).toHaveLength(2);
  });
});
