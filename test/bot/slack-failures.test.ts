import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCall } from './fake-slack.js';
import { type Harness, readable, startBot } from './harness.js';
import { csr, formValue, REGISTRANT, reachRegistrant } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** reachRegistrant in English: a DM application at the registrant step. */
async function reachRegistrantEn(slack: SlackDriver, user: string): Promise<ApiCall> {
  let m = await slack.dm(user, 'acquire');
  for (const value of ['yes', 'yes', 'articles', 'done']) m = await slack.press(user, m, value);
  return slack.dm(user, csr);
}

describe('Slack: a registrant form that cannot be opened is said so', () => {
  it('views.open answering expired_trigger_id: the person is told privately, in their language, how to go on', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrant(slack, 'U1');
    h.slack.fail('views.open', { status: 200, error: 'expired_trigger_id' });
    const [note] = await slack.expectCalls('chat.postEphemeral', () =>
      slack.click('U1', form, formValue(form)),
    );
    expect(note!.args).toMatchObject({ channel: 'DU1', user: 'U1' });
    expect(readable(note!.args)).toContain('登録者情報フォームを開けませんでした');
    expect(readable(note!.args)).toContain('もう一度');
    expect(h.slack.of('views.open')).toHaveLength(0);
    // Pressing again opens it.
    await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
  });

  it('a rate-limited views.open (429) is said too, in English for an English application', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrantEn(slack, 'U1');
    h.slack.fail('views.open', { status: 429, retryAfter: 1 });
    const [note] = await slack.expectCalls('chat.postEphemeral', () =>
      slack.click('U1', form, formValue(form)),
    );
    expect(readable(note!.args)).toContain('The registrant form could not be opened');
    expect(readable(note!.args)).toContain('type the answers here');
  });
});

describe('Slack: the replies to a modal submission', () => {
  it('a failed chat.postMessage after the submission is delivered again: the next step is not lost', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrant(slack, 'U1');
    const [opened] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    const before = h.slack.of('chat.postMessage').length;
    h.slack.fail('chat.postMessage', { status: 200, error: 'internal_error' });
    const submitted = await slack.submitModal('U1', opened!, {
      ...REGISTRANT,
      approvalEmail: 'admin@example.co.jp',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.response_action).toBeUndefined();
    while (!h.slack.calls.some((c) => c.method === 'chat.postMessage!failed')) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const failed = h.slack.calls.find((c) => c.method === 'chat.postMessage!failed')!;
    // Owed in the store's outbox, then delivered by the relay's sweep (a few seconds later).
    const [next] = (await h.slack.waitFor('chat.postMessage', before + 1)).slice(before);
    expect(next!.args.channel).toBe('DU1');
    expect(readable(next!.args)).toContain('申請内容のまとめ');
    expect(next!.args.blocks).toEqual(failed.args.blocks);
  }, 20_000);
});
