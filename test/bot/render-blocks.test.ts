import { describe, expect, it } from 'vitest';
import { parseAddMembers } from '../../src/bot/members-turn.js';
import { escapeMrkdwn, fromSlackText } from '../../src/bot/mrkdwn.js';
import { parseQuestionBlockId, renderReplies } from '../../src/bot/render-blocks.js';
import { parseSlackConversationKey, slackConversationKey } from '../../src/conversation/conversation-key.js';
import type { Reply } from '../../src/flow/replies.js';

const step = { id: 'registrant' as const, number: 4, total: 9, title: 'SSL登録者情報の入力' };
const conversation = 'slack:T1:C1:1800000000.000001';

describe('Slack text in and out', () => {
  it.each([
    ['<!channel> hi', '&lt;!channel&gt; hi'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://evil.example|Sectigo>', '&lt;https://evil.example|Sectigo&gt;'],
    ['A & B', 'A &amp; B'],
    ['@here and @channel', '@\u200bhere and @\u200bchannel'],
  ])('escapes %j', (input, out) => {
    expect(escapeMrkdwn(input)).toBe(out);
  });

  it.each([
    ['<mailto:taro@example.co.jp|taro@example.co.jp>', 'taro@example.co.jp'],
    ['<http://example.co.jp|example.co.jp>', 'example.co.jp'],
    ['Smith &amp; Co', 'Smith & Co'],
    [
      '```\n-----BEGIN CERTIFICATE REQUEST-----\nAA\n-----END CERTIFICATE REQUEST-----\n```',
      '-----BEGIN CERTIFICATE REQUEST-----\nAA\n-----END CERTIFICATE REQUEST-----',
    ],
  ])('reads what the user typed from %j', (input, out) => {
    expect(fromSlackText(input)).toBe(out);
  });

  it('recognises "add @user" with Slack mentions only', () => {
    expect(parseAddMembers('add <@U2> <@W3|sato>')).toEqual(['U2', 'W3']);
    expect(parseAddMembers('追加 <@U2>')).toEqual(['U2']);
    expect(parseAddMembers('add someone')).toBeUndefined();
  });

  it('keys a conversation by scope, channel and thread, and reads the key back', () => {
    const place = { scope: 'E1', channel: 'C1', thread: '1.2' };
    expect(slackConversationKey(place)).toBe('slack:E1:C1:1.2');
    expect(parseSlackConversationKey('slack:E1:C1:1.2')).toEqual(place);
    expect(parseSlackConversationKey('slack:T1:D1:main')).toEqual({ scope: 'T1', channel: 'D1' });
  });
});

describe('Block Kit rendering', () => {
  it('renders choices as buttons carrying the question and conversation in the block id', () => {
    const reply: Reply = {
      type: 'question',
      id: 'check.duns',
      step: { ...step, id: 'prepare', number: 1 },
      text: 'D-U-N-S?',
      input: 'choice',
      choices: [
        { value: 'yes', label: 'はい' },
        { value: 'no', label: 'いいえ' },
      ],
    };
    const { blocks } = renderReplies([reply], { conversation, lang: 'ja' });
    const actions = blocks.find((b) => b.type === 'actions') as {
      block_id: string;
      elements: Array<{ value: string }>;
    };
    expect(actions.elements.map((e) => e.value)).toEqual(['yes', 'no']);
    expect(parseQuestionBlockId(actions.block_id)).toEqual({ questionId: 'check.duns', conversation });
  });

  it('renders a long list as a static_select (option groups past 100) and offers the form on registrant fields', () => {
    const choices = Array.from({ length: 230 }, (_, i) => ({ value: `C${i}`, label: `Country ${i}` }));
    const reply: Reply = {
      type: 'question',
      id: 'field.countryCode',
      field: 'countryCode',
      step,
      text: '国',
      input: 'select',
      choices,
    };
    const { blocks } = renderReplies([reply], { conversation, lang: 'ja' });
    const actions = blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ type: string; action_id: string; option_groups?: Array<{ options: unknown[] }> }>;
    };
    const select = actions.elements[0]!;
    expect(select.type).toBe('static_select');
    expect(select.option_groups?.map((g) => g.options.length)).toEqual([100, 100, 30]);
    expect(actions.elements.some((e) => e.action_id === 'evssl.form')).toBe(true);
  });

  it('renders a summary as two-column fields, escaping the values', () => {
    const reply: Reply = {
      type: 'summary',
      title: 'まとめ',
      sections: [{ title: 'SSL', rows: [{ label: '組織名', value: '<!here> Example & Co' }] }],
    };
    const json = JSON.stringify(renderReplies([reply], { conversation, lang: 'ja' }).blocks);
    expect(json).toContain('&lt;!here&gt; Example &amp; Co');
    expect(json).not.toContain('<!here>');
  });
});
