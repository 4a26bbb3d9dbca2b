import type { types } from '@slack/bolt';
import { catalogue } from '../flow/catalogue.js';
import type { Reply, ReplyChoice, SummarySection } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';
import { clip, escapeMrkdwn, escapeText, escapeValue } from './mrkdwn.js';

/** Action ids the bot's messages carry (the handlers match them by prefix). */
type KnownBlock = types.KnownBlock;
type PlainTextOption = types.PlainTextOption;

export const ACTION = {
  choice: 'evssl.choice',
  select: 'evssl.select',
  form: 'evssl.form',
} as const;

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: KnownBlock[];
}

const TONE_ICON: Record<string, string> = { error: '✖ ', warning: '⚠️ ', success: '✅ ', info: '' };
const TEXTS = catalogue('slack.blocks', {
  formLabel: { ja: '📝 登録者情報フォームを開く', en: '📝 Open the registrant form' },
  skipLabel: { ja: 'スキップ（空欄）', en: 'Skip (leave empty)' },
  pasteHint: {
    ja: 'このスレッドに貼り付けて送信してください（複数行のまま）。',
    en: 'Paste it into this thread as one message (keep the line breaks).',
  },
  current: { ja: '現在の値', en: 'Current' },
  selectPlaceholder: { ja: '選択してください', en: 'Choose…' },
  typeHint: {
    ja: '選択するか、このスレッドに入力してください。',
    en: 'Pick one, or type it in this thread.',
  },
});

/**
 * The conversation key and question id ride in the block id so a click finds its application and a
 * click on an old question is recognised (`evssl|<n>|<question>|<conversation>`; Slack allows 255).
 */
export function questionBlockId(n: number, questionId: string, conversation: string): string {
  return `evssl|${n}|${questionId}|${conversation}`;
}

export function parseQuestionBlockId(
  blockId: string,
): { questionId: string; conversation: string } | undefined {
  const m = /^evssl\|\d+\|([^|]+)\|(.+)$/.exec(blockId);
  return m ? { questionId: m[1]!, conversation: m[2]! } : undefined;
}

/**
 * The form button's value: the step it was shown at and the conversation (`registrant|slack:T1:D1:main`),
 * so a click on an old one (the application moved on) is recognised.
 */
export function formButtonValue(step: string, conversation: string): string {
  return `${step}|${conversation}`;
}

/** Reads a form button's value; a bare conversation key is a button from before it carried the step. */
export function parseFormButtonValue(value: string): { step?: string; conversation: string } {
  const bar = value.indexOf('|');
  return bar < 0
    ? { conversation: value }
    : { step: value.slice(0, bar), conversation: value.slice(bar + 1) };
}

/** Renders the engine's replies as one Block Kit message (Slack allows 50 blocks; callers split). */
export function renderReplies(
  replies: Reply[],
  opts: { conversation: string; lang: Lang; formFields?: boolean },
): SlackMessage {
  const blocks: KnownBlock[] = [];
  const texts: string[] = [];
  replies.forEach((reply, i) => {
    const rendered = renderReply(reply, i, opts);
    blocks.push(...rendered.blocks);
    texts.push(rendered.text);
  });
  return { text: clip(texts.filter(Boolean).join('\n'), 3000), blocks };
}

function mrkdwn(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] };
}

function renderReply(
  reply: Reply,
  n: number,
  opts: { conversation: string; lang: Lang; formFields?: boolean },
): SlackMessage {
  const lang = opts.lang;
  switch (reply.type) {
    case 'text':
      return {
        text: escapeText(reply.text),
        blocks: [mrkdwn(`${TONE_ICON[reply.tone ?? 'info'] ?? ''}${escapeText(reply.text)}`)],
      };
    case 'question': {
      const blocks: KnownBlock[] = [];
      if (reply.step.number > 0) {
        blocks.push(context(`*${reply.step.number}/${reply.step.total}* ${escapeMrkdwn(reply.step.title)}`));
      }
      blocks.push(mrkdwn(escapeText(reply.text)));
      if (reply.current !== undefined && reply.current !== '') {
        blocks.push(context(`${TEXTS.current[lang]}: ${escapeValue(reply.current)}`));
      }
      const blockId = questionBlockId(n, reply.id, opts.conversation);
      const elements: Array<Record<string, unknown>> = [];
      const choices = reply.choices ?? [];
      if (reply.input === 'select' || choices.length > 25) {
        elements.push(selectElement(choices, lang, reply.current));
      } else {
        for (const [i, c] of choices.entries()) {
          elements.push(button(`${ACTION.choice}.${i}`, c.label, c.value, i === 0));
        }
      }
      if (reply.optional)
        elements.push(button(`${ACTION.choice}.skip`, TEXTS.skipLabel[lang], 'intent:skip'));
      if (reply.field && reply.step.id === 'registrant' && opts.formFields !== false) {
        elements.push(
          button(ACTION.form, TEXTS.formLabel[lang], formButtonValue(reply.step.id, opts.conversation)),
        );
      }
      if (elements.length > 0)
        blocks.push({ type: 'actions', block_id: blockId, elements } as unknown as KnownBlock);
      if (reply.input === 'multiline') blocks.push(context(TEXTS.pasteHint[lang]));
      else if (reply.input === 'select') blocks.push(context(TEXTS.typeHint[lang]));
      return { text: escapeText(reply.text), blocks };
    }
    case 'summary':
      return {
        text: escapeMrkdwn(reply.title),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: clip(reply.title, 150) } },
          ...reply.sections.flatMap(summarySection),
        ],
      };
    case 'checklist': {
      const lines = reply.items.map(
        (i) =>
          `${i.done ? '✅' : i.current ? '▶️' : '▫️'} ${i.current ? '*' : ''}${escapeMrkdwn(i.label)}${i.current ? '*' : ''}`,
      );
      return {
        text: escapeMrkdwn(reply.title),
        blocks: [mrkdwn(`*${escapeMrkdwn(reply.title)}*\n${lines.join('\n')}`)],
      };
    }
    case 'form-errors': {
      const lines = Object.values(reply.errors).map((m) => `✖ ${escapeText(m ?? '')}`);
      return { text: lines.join('\n'), blocks: [mrkdwn(lines.join('\n'))] };
    }
  }
}

/** A summary section as label/value pairs: Slack's two-column `fields`, at most 10 per section block. */
function summarySection(s: SummarySection): KnownBlock[] {
  const blocks: KnownBlock[] = [mrkdwn(`*${escapeMrkdwn(s.title)}*`)];
  for (let i = 0; i < s.rows.length; i += 5) {
    const fields = s.rows.slice(i, i + 5).flatMap((r) => [
      { type: 'mrkdwn' as const, text: `*${escapeMrkdwn(r.label)}*` },
      { type: 'mrkdwn' as const, text: clip(escapeValue(r.value) || ' ', 2000) },
    ]);
    blocks.push({ type: 'section', fields });
  }
  if (s.note) blocks.push(context(`※ ${escapeText(s.note)}`));
  return blocks;
}

function button(actionId: string, label: string, value: string, primary = false): Record<string, unknown> {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: clip(label, 75), emoji: true },
    value: clip(value, 2000),
    ...(primary ? { style: 'primary' } : {}),
  };
}

export function option(c: ReplyChoice): PlainTextOption {
  return { text: { type: 'plain_text', text: clip(c.label, 75) }, value: clip(c.value, 150) };
}

/** A static_select: up to 100 options, or option groups of 100 beyond that (countries). */
export function selectOptions(choices: ReplyChoice[]): Record<string, unknown> {
  if (choices.length <= 100) return { options: choices.map(option) };
  const groups = [];
  for (let i = 0; i < choices.length; i += 100) {
    const part = choices.slice(i, i + 100);
    groups.push({
      label: { type: 'plain_text', text: clip(`${part[0]!.label} – ${part.at(-1)!.label}`, 75) },
      options: part.map(option),
    });
  }
  return { option_groups: groups };
}

function selectElement(choices: ReplyChoice[], lang: Lang, current?: string): Record<string, unknown> {
  const initial = choices.find((c) => c.value === current || c.label === current);
  return {
    type: 'static_select',
    action_id: ACTION.select,
    placeholder: { type: 'plain_text', text: TEXTS.selectPlaceholder[lang] },
    ...selectOptions(choices),
    ...(initial ? { initial_option: option(initial) } : {}),
  };
}
