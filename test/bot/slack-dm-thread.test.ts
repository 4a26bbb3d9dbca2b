import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, readable, startBot } from './harness.js';
import { choiceValues } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Slack: a reply in a thread of the DM', () => {
  it('answering under the bot’s top-level DM question applies to the DM’s application and is answered in that thread', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const question = await slack.dm('U1', 'acquire');
    expect(question.args.thread_ts).toBeUndefined();
    expect(choiceValues(question)).toEqual(['yes', 'no']);
    const under = String(question.result?.ts);
    const answer = await slack.dm('U1', 'yes', { thread: under });
    expect(answer.args).toMatchObject({ channel: 'DU1', thread_ts: under });
    expect(readable(answer.args)).toContain('DUNS');
    const [stored] = await h.store.list();
    expect(await h.store.list()).toHaveLength(1);
    // The same application goes on in that thread and at the top level alike.
    expect(await h.store.resolve(`slack:T1:DU1:${under}`)).toBe(stored!.app.id);
    const next = await slack.dm('U1', 'yes', { thread: under });
    expect(next.args.thread_ts).toBe(under);
    const top = await slack.dm('U1', 'status');
    expect(top.args.thread_ts).toBeUndefined();
    expect(await h.store.list()).toHaveLength(1);
  });

  it('a thread in a DM with no application yet is answered in that thread', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const greeting = await slack.dm('U1', 'hello');
    const under = String(greeting.result?.ts);
    const started = await slack.dm('U1', 'acquire', { thread: under });
    expect(started.args.thread_ts).toBe(under);
    expect(readable(started.args)).toContain('D-U-N-S');
  });
});
