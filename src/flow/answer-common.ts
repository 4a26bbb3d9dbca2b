import { ask } from './ask.js';
import type { Problem } from './csr-check.js';
import { fold } from './intents.js';
import type { QuestionDef } from './questions.js';
import type { ReplyChoice } from './replies.js';
import type { Application } from './state.js';
import { type Outcome, say, type TurnContext } from './turn.js';
import type { Lang } from './types.js';

/** What every kind of answer shares: "done" words, matching a typed answer to the choices shown. */

const DONE = [
  'done',
  'ok',
  'yes',
  'y',
  'opened',
  'open',
  'submitted',
  'sent',
  'issued',
  'finished',
  'complete',
  'completed',
  '完了',
  '完了しました',
  '終了',
  '終了しました',
  '済み',
  '済',
  '済んだ',
  'できた',
  'できました',
  '終わった',
  '終わりました',
  'はい',
  '開きました',
  '開いた',
  '申請しました',
  'パネルで申請しました',
  '送信しました',
  '送りました',
  '送った',
  '発行された',
  '発行されました',
  '届いた',
];

export function isDone(text: string): boolean {
  return DONE.includes(fold(text).replace(/[。．.!！]+$/, ''));
}

/** Matches a typed answer to a list of choices: the number shown, the value or the label. */
export function matchChoice(text: string, choices: ReplyChoice[]): ReplyChoice | undefined {
  const f = fold(text).replace(/[。．.]+$/, '');
  if (f === '') return undefined;
  if (/^\d+$/.test(f)) return choices[Number(f) - 1];
  const exact = choices.find((c) => fold(c.value) === f || fold(c.label) === f);
  if (exact || f.length < 3) return exact;
  // "opinion letter" for "Attorney opinion letter": a part of exactly one label.
  const partial = choices.filter((c) => fold(c.label).includes(f));
  return partial.length === 1 ? partial[0] : undefined;
}

/** The choices the question offers as it is shown now. */
export function shownChoices(app: Application, q: QuestionDef, ctx: TurnContext): ReplyChoice[] {
  const shown = ask(app, q, ctx.deps).at(-1);
  return shown?.type === 'question' ? (shown.choices ?? []) : [];
}

/**
 * Each problem as its own reply, its tone giving the one icon (✖ or ⚠): a list under a heading uses
 * `problemsText` instead.
 */
export function sayProblems(out: Outcome, problems: Problem[], lang: Lang): void {
  for (const p of problems) say(out, p.message[lang], p.severity === 'error' ? 'error' : 'warning');
}

/** Problems as lines under a heading (the heading's reply carries the tone), one icon per line. */
export function problemsText(problems: Problem[], lang: Lang): string {
  return problems.map((p) => `${p.severity === 'error' ? '✖' : '⚠'} ${p.message[lang]}`).join('\n');
}
