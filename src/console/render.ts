import type { Reply } from '../flow/replies.js';
import type { Lang } from '../flow/types.js';

const TONE: Record<string, string> = { error: '✖ ', warning: '⚠ ', success: '✔ ', info: '' };

/** A text that already starts with an icon gets no second one from its tone. */
const LEADING_ICON = /^[✖⚠✔]/;

/** The hints under a question, in the application's language (the commands are the ones it reads). */
const HINTS = {
  current: { ja: '  (現在の値: {value})', en: '  (current: {value})' },
  optional: { ja: '  (任意: 不要なら「スキップ」)', en: '  (optional: answer "skip")' },
  multiline: { ja: '  (複数行をまとめて貼り付けてください)', en: '  (paste the whole block)' },
} satisfies Record<string, Record<Lang, string>>;

/**
 * Renders the engine's replies as plain terminal text: numbered choices, aligned summaries, the hints
 * in `lang`, the application's language (the console and the mail renderer know it).
 */
export function renderReplies(replies: Reply[], lang: Lang): string {
  return terminalSafe(replies.map((r) => renderReply(r, lang)).join('\n\n'));
}

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Text with every C0 and C1 control character removed but newline and tab: what a person typed and the
 * bot quotes back (an ESC sequence such as `\x1b[2J`) cannot clear or restyle the terminal.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '');
}

function renderReply(reply: Reply, lang: Lang): string {
  switch (reply.type) {
    case 'text':
      return LEADING_ICON.test(reply.text) ? reply.text : `${TONE[reply.tone ?? 'info'] ?? ''}${reply.text}`;
    case 'question': {
      const lines: string[] = [];
      if (reply.step.number > 0)
        lines.push(`【${reply.step.number}/${reply.step.total}】${reply.step.title}`);
      lines.push(reply.text);
      if (reply.current !== undefined && reply.current !== '')
        lines.push(HINTS.current[lang].replace('{value}', reply.current));
      if (reply.choices && reply.choices.length > 0) {
        const many = reply.choices.length > 12;
        const items = reply.choices.map((c, i) => `${String(i + 1).padStart(2)}) ${c.label}`);
        lines.push(many ? columns(items, 3) : items.map((i) => `  ${i}`).join('\n'));
      }
      if (reply.optional) lines.push(HINTS.optional[lang]);
      if (reply.input === 'multiline') lines.push(HINTS.multiline[lang]);
      return lines.join('\n');
    }
    case 'summary': {
      const out = [`== ${reply.title} ==`];
      for (const s of reply.sections) {
        // One section under the same title (step 6's I ACCEPT values): the header once, not twice.
        if (s.title !== reply.title) out.push(`-- ${s.title}`);
        const width = Math.max(...s.rows.map((r) => displayWidth(r.label)));
        for (const r of s.rows)
          out.push(`  ${r.label}${' '.repeat(width - displayWidth(r.label))}  ${r.value}`);
        if (s.note) out.push(`  ※ ${s.note}`);
      }
      return out.join('\n');
    }
    case 'checklist':
      return [
        `== ${reply.title} ==`,
        ...reply.items.map((i) => `  ${i.done ? '✔' : i.current ? '▶' : '・'} ${i.label}`),
      ].join('\n');
    case 'form-errors':
      return Object.entries(reply.errors)
        .map(([f, m]) => `✖ ${f}: ${m}`)
        .join('\n');
  }
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

function columns(items: string[], n: number): string {
  const width = Math.max(...items.map(displayWidth)) + 2;
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += n) {
    rows.push(
      `  ${items
        .slice(i, i + n)
        .map((it) => it + ' '.repeat(width - displayWidth(it)))
        .join('')
        .trimEnd()}`,
    );
  }
  return rows.join('\n');
}
