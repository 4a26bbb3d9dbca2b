import { afterEach, describe, expect, it } from 'vitest';
import { escapeText, escapeValue } from '../../src/bot/mrkdwn.js';
import { type Harness, readable, startBot } from './harness.js';
import { reachRegistrant } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
  h = undefined as unknown as Harness;
});

const ZWSP = '\u200b';
/** The mrkdwn spans Slack would format: `*x*`, `_x_`, `~x~` at word edges, and `` `x` ``. */
const FORMATTED = /(^|[^\p{L}\p{N}])([*_~])[^\s\u200b][^\n]*?[^\s\u200b]?\2(?![\p{L}\p{N}])|`[^`\n]+`/u;

describe('Slack: what a person typed is echoed as text, never as formatting', () => {
  it('an organisation named "*Bold* _x_ <!channel>" shows in the summary and the reply without bold, italic or a mention', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await reachRegistrant(slack, 'U1');
    const org = '*Bold* _x_ ~y~ <!channel>';
    await slack.dm('U1', org);
    expect((await h.store.list())[0]!.app.fields.organizationName).toBe(org);
    const summary = await slack.dm('U1', 'まとめ');
    const shown = readable(summary.args);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).not.toContain('<!channel>');
    const row = shown.split('\n').find((l) => l.includes('Bold'))!;
    expect(row).toBeDefined();
    expect(row).not.toMatch(FORMATTED);
    expect(row.replaceAll(ZWSP, '')).toBe('*Bold* _x_ ~y~ &lt;!channel&gt;');
    // Asked again, the current value; the answer echoed in the reply: neutralised, the bot's own `*4/9*` bold.
    const again = readable((await slack.dm('U1', 'edit organization')).args);
    expect(again).toContain(`現在の値: ${ZWSP}*${ZWSP}Bold${ZWSP}*${ZWSP}`);
    const echoed = readable((await slack.dm('U1', '*Bo* Ltd')).args);
    expect(echoed).toContain(`組織名: ${ZWSP}*${ZWSP}Bo${ZWSP}*${ZWSP} Ltd で登録しました`);
    expect(echoed).toContain('*4/9* SSL登録者情報の入力');
  });
});

describe('escaping', () => {
  it.each([
    ['*Bold*', `${ZWSP}*${ZWSP}Bold${ZWSP}*${ZWSP}`],
    ['a _x_ b', `a ${ZWSP}_${ZWSP}x${ZWSP}_${ZWSP} b`],
    ['*_x_*', `${ZWSP}*${ZWSP}${ZWSP}_${ZWSP}x${ZWSP}_${ZWSP}${ZWSP}*${ZWSP}`],
    ['ssl_admin@example.co.jp', 'ssl_admin@example.co.jp'],
    ['_1a2b3c.example.co.jp', '_1a2b3c.example.co.jp'],
    ['run `evssl-bot check-dcv`', 'run `evssl-bot check-dcv`'],
    ['A & B <!here>', 'A &amp; B &lt;!here&gt;'],
  ])('text %j', (input, out) => {
    expect(escapeText(input)).toBe(out);
  });

  it('a value’s backticks are neutralised too', () => {
    expect(escapeValue('`z`')).toBe(`${ZWSP}\`${ZWSP}z${ZWSP}\`${ZWSP}`);
  });
});
