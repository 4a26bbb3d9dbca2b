import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, readable, startBot } from './harness.js';
import { formValue, REGISTRANT, reachRegistrant } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const FILLED = { ...REGISTRANT, approvalEmail: 'admin@example.co.jp' };

describe('Slack: an old registrant form button or modal', () => {
  it('after step 4, the step-4 button is refused privately and a stale modal is not applied', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrant(slack, 'U1');
    const [opened] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    const [review] = await slack.expectCalls('chat.postMessage', async () => {
      const r = await slack.submitModal('U1', opened!, FILLED);
      expect(r.body.response_action).toBeUndefined();
    });
    // Another modal opened from the same step-4 message before moving on (a second tab, say).
    const [second] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    const moved = await slack.press('U1', review!, 'submitted');
    expect(readable(moved.args)).toContain('5/9');
    const before = (await h.store.list())[0]!;

    const [note] = await slack.expectCalls('chat.postEphemeral', () =>
      slack.click('U1', form, formValue(form)),
    );
    expect(note!.args.user).toBe('U1');
    expect(readable(note!.args)).toContain('申請はすでに先へ進んでいる');
    expect(h.slack.of('views.open')).toHaveLength(2);

    for (const modal of [opened!, second!]) {
      const stale = await slack.submitModal('U1', modal, { ...FILLED, name: 'Hanako Suzuki', title: 'CEO' });
      expect(stale.body.response_action).toBe('errors');
      expect(Object.values(stale.body.errors as Record<string, string>).join()).toContain('先へ進んでいる');
    }
    await h.bot.idle();
    const after = (await h.store.list())[0]!;
    expect(after.version).toBe(before.version);
    expect(after.app.fields).toMatchObject({ name: 'Taro Yamada', title: 'President' });
  });

  it('a modal whose values were changed in the conversation after it opened is refused; a refused submission can be sent again', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrant(slack, 'U1');
    const [opened] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    // Errors inline change nothing: the same modal, corrected, is still current.
    const bad = await slack.submitModal('U1', opened!, { ...FILLED, duns: '12345' });
    expect(Object.keys(bad.body.errors as Record<string, string>)).toEqual(['f_duns']);
    // The organisation answered in the conversation meanwhile (the first question of step 4).
    await slack.dm('U1', 'Other Trading Co., Ltd.');
    const changed = await slack.submitModal('U1', opened!, FILLED);
    expect(changed.body.response_action).toBe('errors');
    expect(Object.values(changed.body.errors as Record<string, string>).join()).toContain('変更された');
    expect((await h.store.list())[0]!.app.fields.organizationName).toBe('Other Trading Co., Ltd.');
    // Opened again, it is applied.
    const [again] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    const badAgain = await slack.submitModal('U1', again!, { ...FILLED, duns: '12345' });
    expect(Object.keys(badAgain.body.errors as Record<string, string>)).toEqual(['f_duns']);
    const ok = await slack.submitModal('U1', again!, FILLED);
    expect(ok.body.response_action).toBeUndefined();
    expect((await h.store.list())[0]!.app.fields.organizationName).toBe(REGISTRANT.organizationName);
  });
});
