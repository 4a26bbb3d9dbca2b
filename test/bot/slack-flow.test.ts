import { afterEach, describe, expect, it } from 'vitest';
import { actionBlocks, type Harness, readable, startBot } from './harness.js';
import { choiceValues, formValue, mention, REGISTRANT, reachRegistrant } from './scenario.js';
import { dmEvent, threadReplyEvent } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Slack: entry points', () => {
  it('/evssl acquire posts a parent message in the channel and runs the application in its thread', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const [parent, first] = await slack.expectCalls(
      'chat.postMessage',
      () => slack.command('U1', 'acquire'),
      2,
    );
    expect(parent!.args.channel).toBe('C1');
    expect(readable(parent!.args)).toContain('<@U1>');
    expect(first!.args.thread_ts).toBe(parent!.result?.ts);
    expect(readable(first!.args)).toContain('D-U-N-S');
    expect(choiceValues(first!)).toEqual(['yes', 'no']);
  });

  it('/evssl acquire in a channel the bot is not in starts in the user’s DM with the bot instead', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    h.slack.fail('chat.postMessage', { status: 200, error: 'not_in_channel' });
    const [parent, first] = await slack.expectCalls(
      'chat.postMessage',
      () => slack.command('U1', 'acquire'),
      2,
    );
    expect(parent!.args.channel).toBe('U1');
    expect(first!.args).toMatchObject({ channel: parent!.result?.channel, thread_ts: parent!.result?.ts });
  });

  it('/evssl help and /evssl status answer privately through response_url', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const [help] = await slack.expectCalls('respond', () => slack.command('U1', 'help'));
    expect(help!.args.response_type).toBe('ephemeral');
    expect(String(help!.args.text)).toContain('/evssl acquire');
    await slack.dm('U1', '取得');
    const [status] = await slack.expectCalls('respond', () => slack.command('U1', 'status'));
    expect(String(status!.args.text)).toMatch(/[0-9A-F]{6} · (取得|acquire) · 1\/9/);
  });

  it('a mention in a channel opens a thread; replies in that thread continue it without a mention', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const { reply, ts } = await mention(slack, 'U1', 'renew');
    expect(reply.args.thread_ts).toBe(ts);
    expect(readable(reply.args)).toContain('renewal');
    const [next] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(threadReplyEvent('U1', 'yes', ts)),
    );
    expect(next!.args.thread_ts).toBe(ts);
    expect(readable(next!.args)).toContain('romanised trade name');
    // Slack also sends the mention as a channel message: it is answered once, as app_mention.
    const replies = h.slack.of('chat.postMessage').length;
    await slack.event(threadReplyEvent('U1', '<@UBOT> status', ts));
    // A second thread in the same channel is a second application.
    await mention(slack, 'U1', 'acquire');
    expect(h.slack.of('chat.postMessage').length).toBe(replies + 1);
    expect(await h.store.list()).toHaveLength(2);
  });
});

describe('Slack: who may act', () => {
  it('refuses a non-member privately, and lets a teammate act once named with "add @user"', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const { ts } = await mention(slack, 'U1', 'acquire');
    const thread = (user: string, text: string) => slack.event(threadReplyEvent(user, text, ts));
    const [refusal] = await slack.expectCalls('chat.postEphemeral', () => thread('U2', 'yes'));
    expect(refusal!.args.user).toBe('U2');
    expect(readable(refusal!.args)).toContain('Only the applicant and the teammates named');
    const [added] = await slack.expectCalls('chat.postMessage', () => thread('U1', 'add <@U2>'));
    expect(readable(added!.args)).toContain('<@U2>');
    const [answered] = await slack.expectCalls('chat.postMessage', () => thread('U2', 'yes'));
    expect(readable(answered!.args)).toContain('DUNS');
    const stored = (await h.store.list())[0]!.app;
    expect(stored.members.map((m) => m.id)).toEqual(['T1:U1', 'T1:U2']);
  });

  it('/evssl add @user names a teammate on the caller’s application; a stranger cannot add anyone', async () => {
    h = await startBot({ ids: ['A1B2C3'] });
    const slack = new SlackDriver(h);
    await slack.dm('U1', 'acquire');
    const [refused] = await slack.expectCalls('respond', () => slack.command('U9', 'add <@U9|eve> A1B2C3'));
    expect(String(refused!.args.text)).toContain('Only members');
    const [added] = await slack.expectCalls('respond', () => slack.command('U1', 'add <@U2|hanako>'));
    expect(String(added!.args.text)).toContain('<@U2>');
    expect((await h.store.load('A1B2C3'))!.app.members.map((m) => m.id)).toEqual(['T1:U1', 'T1:U2']);
  });

  it('keys people by their Enterprise Grid org, so a teammate in another workspace of the org is the same person', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await slack.expectCalls('chat.postMessage', () =>
      slack.event(dmEvent('W1', 'acquire'), { enterprise: 'E1' }),
    );
    const app = (await h.store.list())[0]!.app;
    expect(app.members).toEqual([{ channel: 'slack', id: 'E1:W1' }]);
  });

  it('shows the status to others in the workspace only when SLACK_STATUS_VISIBILITY=workspace', async () => {
    h = await startBot({ statusVisibility: 'workspace' });
    const slack = new SlackDriver(h);
    const { ts } = await mention(slack, 'U1', 'acquire');
    const [status] = await slack.expectCalls('chat.postEphemeral', () =>
      slack.event(threadReplyEvent('U3', 'status', ts)),
    );
    expect(readable(status!.args)).toContain('▶️ *1. Prepare before applying*');
  });
});

describe('Slack: buttons, selects and the registrant modal', () => {
  it('a button answers its question, marks the message answered; an old button is refused', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const greeting = await slack.dm('U1', 'hello');
    const started = await slack.press('U1', greeting, 'acquire');
    expect(readable(started.args)).toContain('D-U-N-S');
    const [updated] = h.slack.of('chat.update');
    expect(readable(updated!.args)).toContain('<@U1> chose: New application (acquire)');
    const next = await slack.press('U1', started, 'yes');
    expect(readable(next.args)).toContain('DUNS');
    const [stale] = await slack.expectCalls('chat.postEphemeral', () => slack.click('U1', started, 'yes'));
    expect(readable(stale!.args)).toMatch(/already been answered|回答済み/);
  });

  it('validates the modal with the same rules and shows errors inline, in the user’s language', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const form = await reachRegistrant(slack, 'U1');
    const [opened] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
    const view = opened!.args.view as { blocks: Array<{ block_id?: string }> };
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toContain('f_approvalEmail');
    const bad = await slack.submitModal('U1', opened!, {
      ...REGISTRANT,
      duns: '12345',
      approvalEmail: 'admin@example.co.jp',
    });
    expect(bad.status).toBe(200);
    expect(bad.body.response_action).toBe('errors');
    const errors = bad.body.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(['f_duns']);
    expect(errors.f_duns).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect((await h.store.list())[0]!.app.fields.duns).toBeUndefined();
  });
});

describe('Slack: typed answers and selects in the thread', () => {
  it('takes typed answers, and the country and prefecture from static_selects', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    let m = await reachRegistrant(slack, 'U1');
    for (const text of [
      'Example Trading Co., Ltd.',
      '１２－３４５－６７８９',
      'Taro Yamada',
      'President',
      '〒100-0001',
    ]) {
      m = await slack.dm('U1', text);
    }
    const country = actionBlocks(m.args)[0]!.elements[0]!;
    expect(country.type).toBe('static_select');
    m = await slack.press('U1', m, 'JP');
    const prefecture = actionBlocks(m.args)[0]!.elements[0]!;
    expect(prefecture.type).toBe('static_select');
    expect(prefecture.options).toHaveLength(47);
    m = await slack.press('U1', m, 'Tokyo');
    expect(readable(m.args)).toContain('市区町村');
    const app = (await h.store.list())[0]!.app;
    expect(app.fields).toMatchObject({ duns: '123456789', countryCode: 'JP', prefecture: 'Tokyo' });
  });
});
