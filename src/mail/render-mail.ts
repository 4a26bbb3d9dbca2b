import { renderReplies } from '../console/render.js';
import { catalogue } from '../flow/catalogue.js';
import { FIELD_LABELS } from '../flow/fields/index.js';
import type { Reply } from '../flow/replies.js';
import type { FieldName, Lang } from '../flow/types.js';

const TEXTS = catalogue('mail.render', {
  footer: {
    ja: 'このメールにそのまま返信してください。複数の項目は「役職: President」のように1行に1つずつ書けます。「ヘルプ」と返信すると使える言葉を表示します。',
    en: 'Just reply to this mail. You can answer several fields at once, one per line, like "Title: President". Reply "help" to see what you can say.',
  },
  title: { ja: 'EV SSL証明書の申請', en: 'EV SSL application' },
});

/**
 * The mail's subject: the application reference in brackets and a title that never changes, so every
 * mail of a thread has one subject (clients that thread by subject — Dovecot's ORDEREDSUBJECT, many
 * Japanese clients — keep the application together). The step and the question are in the body.
 * `replies` is not read any more; the parameter stays for the callers.
 */
export function mailSubject(applicationId: string | undefined, _replies: Reply[], lang: Lang): string {
  return `${applicationId ? `[EV SSL ${applicationId}]` : '[EV SSL]'} ${TEXTS.title[lang]}`;
}

/** The plain-text part (the console's rendering, which reads well in a mail) and a simple HTML part. */
export function renderMail(
  input: Reply[],
  lang: Lang,
  preface: string[] = [],
): { text: string; html: string } {
  const replies = input.map((r) => labelFormErrors(r, lang));
  const text = [...preface, renderReplies(replies, lang), `-- \n${TEXTS.footer[lang]}`]
    .filter(Boolean)
    .join('\n\n');
  const html = [
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.6">',
    ...preface.map((p) => `<p>${para(p)}</p>`),
    ...replies.map(replyHtml),
    `<hr><p style="color:#666;font-size:90%">${esc(TEXTS.footer[lang])}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

const COLOR: Record<string, string> = {
  error: '#b00020',
  warning: '#8a6d00',
  success: '#1b6e20',
  info: '#000',
};

function replyHtml(reply: Reply): string {
  switch (reply.type) {
    case 'text':
      return `<p style="color:${COLOR[reply.tone ?? 'info']}">${para(reply.text)}</p>`;
    case 'question': {
      const parts: string[] = [];
      if (reply.step.number > 0)
        parts.push(`<h3>【${reply.step.number}/${reply.step.total}】${esc(reply.step.title)}</h3>`);
      parts.push(`<p>${para(reply.text)}</p>`);
      if (reply.current) parts.push(`<p>(現在 / current: <b>${esc(reply.current)}</b>)</p>`);
      if (reply.choices?.length)
        parts.push(`<ol>${reply.choices.map((c) => `<li>${esc(c.label)}</li>`).join('')}</ol>`);
      if (reply.optional) parts.push('<p>(任意 / optional: skip)</p>');
      return parts.join('\n');
    }
    case 'summary':
      return [
        `<h3>${esc(reply.title)}</h3>`,
        ...reply.sections.map(
          (s) =>
            `<h4>${esc(s.title)}</h4><table>${s.rows
              .map((r) => `<tr><th align="left">${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`)
              .join('')}</table>${s.note ? `<p>※ ${esc(s.note)}</p>` : ''}`,
        ),
      ].join('\n');
    case 'checklist':
      return `<h3>${esc(reply.title)}</h3><ul>${reply.items
        .map((i) => `<li>${i.done ? '✔' : i.current ? '▶' : '・'} ${esc(i.label)}</li>`)
        .join('')}</ul>`;
    case 'form-errors':
      return `<ul style="color:${COLOR.error}">${Object.entries(reply.errors)
        .map(([f, m]) => `<li>${esc(f)}: ${esc(String(m))}</li>`)
        .join('')}</ul>`;
  }
}

/** Form errors name fields by the labels the applicant typed (`役職`), not by internal names. */
function labelFormErrors(reply: Reply, lang: Lang): Reply {
  if (reply.type !== 'form-errors') return reply;
  const errors: Partial<Record<string, string>> = {};
  for (const [field, message] of Object.entries(reply.errors)) {
    errors[FIELD_LABELS[field as FieldName]?.[lang] ?? field] = message;
  }
  return { type: 'form-errors', errors: errors as typeof reply.errors };
}

function para(s: string): string {
  return esc(s).replace(/\n/g, '<br>');
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
