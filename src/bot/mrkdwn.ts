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
