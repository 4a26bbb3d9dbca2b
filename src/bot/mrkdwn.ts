/**
 * Slack text in both directions. Outbound: user-supplied text is escaped so nobody can inject
 * `<!channel>`, `<@U…>` or `<https://evil|innocent>` (Slack "Formatting text": escape &, <, >), and the
 * bare broadcast words are broken so they never notify. Inbound: Slack's own escaping and auto-links
 * (`<mailto:a@b.jp|a@b.jp>`, `<http://example.jp|example.jp>`) are undone before the engine reads it.
 */
export function escapeMrkdwn(text: string): string {
  if (!/[&<>@]/.test(text)) return text; // most text: nothing to escape, no four passes over it
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u200b$1');
}

const ZWSP = '\u200b';

/**
 * A span Slack would format: `*`, `_` or `~` at a word's edge, text that neither starts nor ends with a
 * space, the same marker closing at a word's edge, on one line. A marker with a zero-width space inside
 * it (already neutralised) neither opens nor closes one.
 */
const SPAN = /(^|[^\p{L}\p{N}])([*_~])(?![\s\u200b])([^\n]*?[^\s\u200b])\2(?![\p{L}\p{N}])/gu;

/**
 * Text the engine wrote around what a person typed (`Organisation: saved as *Bold*`): escaped as
 * `escapeMrkdwn`, and every `*…*`, `_…_`, `~…~` span neutralised by zero-width spaces around its
 * markers (Slack has no escape for them), so echoed words never turn bold, italic or struck. Only
 * spans are touched: a lone `_` of a DNS record name (`_1a2b….example.jp`) or an address stays as it
 * is and copies cleanly. Backticks stay: the engine quotes commands with them.
 */
export function escapeText(text: string): string {
  return neutraliseSpans(escapeMrkdwn(text));
}

/**
 * A value a person gave (an organisation name, a field in the summary, the current answer): as
 * `escapeText`, and its backticks neutralised too (a value is never code).
 */
export function escapeValue(text: string): string {
  return escapeText(text).replace(/`/g, `${ZWSP}\`${ZWSP}`);
}

function neutraliseSpans(text: string): string {
  if (!/[*_~]/.test(text)) return text;
  let out = text;
  // Spans nested in spans (`*_x_*`) are found on the next pass: a handful at most.
  for (let pass = 0; pass < 4; pass++) {
    const next = out.replace(
      SPAN,
      (_, pre: string, m: string, body: string) => `${pre}${ZWSP}${m}${ZWSP}${body}${ZWSP}${m}${ZWSP}`,
    );
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Plain text for Block Kit `plain_text` objects, cut to Slack's limit with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What the user typed, as they typed it: links unwrapped, entities decoded, a code fence removed. */
export function fromSlackText(text: string): string {
  const unlinked = text
    .replace(/<(?:mailto:|tel:)?([^<>|]+)\|([^<>]+)>/g, (_, _target: string, label: string) => label)
    .replace(/<(?:mailto:|tel:)([^<>|]+)>/g, '$1')
    .replace(/<(https?:\/\/[^<>|]+)>/g, '$1');
  const decoded = unlinked.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fenced = /^```\s*([\s\S]*?)\s*```$/.exec(decoded.trim());
  return fenced ? fenced[1]! : decoded;
}
