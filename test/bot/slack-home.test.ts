import { afterEach, describe, expect, it } from 'vitest';
import { currentQuestion } from '../../src/flow/progress.js';
import type { Application } from '../../src/flow/state.js';
import { stepInfo } from '../../src/flow/step-info.js';
import type { ApiCall } from './fake-slack.js';
import { type Harness, readable, startBot } from './harness.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** `3/9 Title` of the step the application is at, as App Home shows it. */
function stepOf(app: Application): string {
  const s = stepInfo(app, currentQuestion(app)!.step);
  return `${s.number}/${s.total} ${s.title}`;
}

const homeOf = (call: ApiCall) => readable(call.args.view as Record<string, unknown>);
const publishesFor = (user: string) => h.slack.of('views.publish').filter((c) => c.args.user_id === user);

describe('Slack: App Home follows the application without the tab being opened', () => {
  it('republishes the Home tab of whoever acted after each committed turn, with the new step', async () => {
    h = await startBot({ now: new Date('2026-11-25T01:00:00Z') });
    const slack = new SlackDriver(h);
    let m = await slack.dm('U1', '取得');
    await h.bot.idle();
    const app = async () => (await h.store.list())[0]!.app;
    const first = stepOf(await app());
    expect(homeOf(publishesFor('U1').at(-1)!)).toContain(first);

    // Through step 1 to step 2: each answer is a committed turn.
    for (const value of ['yes', 'yes', 'articles', 'done']) m = await slack.press('U1', m, value);
    await h.bot.idle();
    const now = stepOf(await app());
    expect(now).not.toBe(first);
    const last = publishesFor('U1').at(-1)!;
    expect(homeOf(last)).toContain(now);
    expect(homeOf(last)).toContain((await app()).id);
    // Published after the reply was posted, never before it.
    expect(h.slack.calls.indexOf(last)).toBeGreaterThan(h.slack.calls.indexOf(m));
  });

  it('republishes the Home tab of the application’s other Slack members too', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const m = await slack.dm('U1', '取得');
    const stored = (await h.store.list())[0]!;
    await h.store.save({
      app: {
        ...stored.app,
        members: [
          ...stored.app.members,
          { channel: 'slack', id: 'T1:U2' },
          { channel: 'email', id: 'x@example.jp' },
        ],
      },
      expectedVersion: stored.version,
    });
    await h.bot.idle();
    expect(publishesFor('U2')).toEqual([]);
    await slack.press('U1', m, 'yes');
    await h.bot.idle();
    const [teammate] = publishesFor('U2');
    expect(homeOf(teammate!)).toContain(stored.app.id);
    expect(homeOf(teammate!)).toContain(stepOf((await h.store.load(stored.app.id))!.app));
  });

  it('does not republish after a turn that committed nothing (a stranger is refused)', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const m = await slack.dm('U1', '取得');
    await h.bot.idle();
    const before = h.slack.of('views.publish').length;
    await slack.expectCalls('chat.postEphemeral', () => slack.click('U9', m, 'yes'));
    await h.bot.idle();
    expect(h.slack.of('views.publish')).toHaveLength(before);
  });

  it('does not send an unchanged view again after a turn; opening the tab and a failed publish do', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await slack.dm('U1', '取得');
    await h.bot.idle();
    const published = publishesFor('U1').length;
    expect(published).toBe(1);
    // `status` commits a turn but changes nothing App Home shows: no second views.publish.
    const status = await slack.dm('U1', 'status');
    await h.bot.idle();
    expect(readable(status.args)).toContain((await h.store.list())[0]!.app.id);
    expect(publishesFor('U1')).toHaveLength(published);
    // The person opens the tab: published, though it holds the same view.
    const [opened] = await slack.expectCalls('views.publish', () =>
      slack.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }),
    );
    expect(homeOf(opened!)).toEqual(homeOf(publishesFor('U1')[0]!));
    // A publish Slack refused is not remembered: the next refresh sends the view again.
    h.slack.fail('views.publish', { status: 200, error: 'internal_error' });
    await slack.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' });
    await h.bot.idle();
    expect(h.slack.of('views.publish!failed')).toHaveLength(1);
    const before = publishesFor('U1').length;
    await slack.dm('U1', 'status');
    await h.bot.idle();
    expect(publishesFor('U1')).toHaveLength(before + 1);
  });

  it('logs a failed refresh by Slack’s error code only and never shows it; the reply is unaffected', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    h.slack.fail('views.publish', { status: 200, error: 'not_authed' });
    const reply = await slack.dm('U1', '取得');
    await h.bot.idle();
    expect(readable(reply.args)).toContain('D-U-N-S');
    expect(h.slack.of('views.publish!failed')).toHaveLength(1);
    const failed = h.logs.find((l) => l.includes('App Home refresh failed'));
    expect(failed).toContain('not_authed');
    expect(failed).not.toContain('U1');
    expect(h.slack.of('chat.postMessage')).toHaveLength(1);
    expect(h.slack.of('chat.postEphemeral')).toHaveLength(0);
  });
});
