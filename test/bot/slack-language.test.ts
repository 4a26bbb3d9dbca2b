import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, readable, startBot } from './harness.js';
import { SlackDriver } from './slack-driver.js';

// The workspace language of the harness is Japanese: each case shows what the person's words or locale
// change (issue: `/evssl acquire` posted its parent in Japanese and its thread in English; an English
// `/evssl help` answered in Japanese).
let h: Harness;
afterEach(async () => {
  await h?.close();
});

const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('Slack: the language follows the person', () => {
  it('/evssl acquire: the parent message and the thread speak the same language (the words typed)', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const [parent, first] = await slack.expectCalls(
      'chat.postMessage',
      () => slack.command('U1', 'acquire'),
      2,
    );
    expect(readable(parent!.args)).toContain('started an EV SSL');
    expect(readable(parent!.args)).not.toMatch(japanese);
    expect(first!.args.thread_ts).toBe(parent!.result?.ts);
    expect(String(first!.args.text)).not.toMatch(japanese);

    const [parentJa, firstJa] = await slack.expectCalls(
      'chat.postMessage',
      () => slack.command('U2', '取得'),
      2,
    );
    expect(readable(parentJa!.args)).toContain('を始めました');
    expect(String(firstJa!.args.text)).toMatch(japanese);
  });

  it('/evssl help typed in English answers in English; 使い方 in Japanese', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const [en] = await slack.expectCalls('respond', () => slack.command('U1', 'help'));
    expect(String(en!.args.text)).toContain('Using `/evssl`');
    const [ja] = await slack.expectCalls('respond', () => slack.command('U1', 'ヘルプ'));
    expect(String(ja!.args.text)).toContain('使い方');
  });

  it('/evssl with no words follows the user’s Slack locale, else the workspace language', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    h.slack.locales.set('U7', 'en-US');
    const [en] = await slack.expectCalls('respond', () => slack.command('U7', ''));
    expect(String(en!.args.text)).toContain('Using `/evssl`');
    expect(h.slack.of('users.info')[0]?.args).toMatchObject({ user: 'U7', include_locale: 'true' });
    const [none] = await slack.expectCalls('respond', () => slack.command('U8', ''));
    expect(String(none!.args.text)).toContain('使い方');
    // Asked once per user an hour, not on every command.
    await slack.expectCalls('respond', () => slack.command('U7', ''));
    expect(h.slack.of('users.info').filter((c) => c.args.user === 'U7')).toHaveLength(1);
  });
});
