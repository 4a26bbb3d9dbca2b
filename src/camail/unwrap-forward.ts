/** A mail found inside another one's text: forwarded inline by a mail client, or pasted by a person. */
export interface InlineMail {
  /** The forwarded header block's sender address (lower case), when there is one. */
  from?: string;
  subject?: string;
  body: string;
}

/** Gmail, Thunderbird, Apple Mail and Outlook separators (English and Japanese clients). */
const MARKER =
  /^\s*(?:-{5,}\s*(?:Forwarded message|Forwarded Message|転送されたメッセージ|Original Message|元のメッセージ)\s*-{5,}|Begin forwarded message:|転送されたメッセージ[:：]?|_{10,})\s*$/im;

const FROM = /^(?:From|差出人|送信者|送信元)\s*[:：]/i;
const HEADER = /^([A-Za-z-]+|差出人|送信者|送信元|送信日時|日付|日時|宛先|件名|CC|ＣＣ)\s*[:：]\s*(.*)$/;
const SUBJECT_KEYS = new Set(['subject', '件名']);
const FROM_KEYS = new Set(['from', '差出人', '送信者', '送信元']);
const OTHER_KEYS = new Set([
  'date',
  'sent',
  'to',
  'cc',
  'reply-to',
  '送信日時',
  '日付',
  '日時',
  '宛先',
  'ＣＣ',
]);

/** `Sectigo <noreply@sectigo.com>`, `noreply@sectigo.com [mailto:noreply@sectigo.com]`, a bare address. */
export function addressIn(value: string): string | undefined {
  const m =
    /<\s*([^<>\s@]+@[^<>\s]+?)\s*>|mailto:([^\]\s]+@[^\]\s]+)|([^\s<>"'[\]()]+@[^\s<>"'[\]()]+)/i.exec(value);
  const address = m?.[1] ?? m?.[2] ?? m?.[3];
  return address?.toLowerCase().replace(/[.,;]$/, '');
}

/** Lines quoted with `>` (Apple Mail, some webmail forwards) lose one quoting level. */
function unquote(lines: string[]): string[] {
  const quoted = lines.filter((l) => /^\s*>/.test(l)).length;
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  return quoted > 0 && quoted >= nonEmpty * 0.6 ? lines.map((l) => l.replace(/^\s*> ?/, '')) : lines;
}

/**
 * The forwarded (or pasted) mail inside `text`: the header block after a forward separator, or the first
 * `From:` / `差出人:` block followed by a subject or date line; the body is what follows it. Without a
 * header block the whole text is the body (pasted text with no headers).
 */
export function unwrapForward(text: string): InlineMail | undefined {
  const normal = text.replace(/\r\n?/g, '\n');
  const marker = MARKER.exec(normal);
  const lines = unquote((marker ? normal.slice(marker.index + marker[0].length) : normal).split('\n'));
  for (let i = 0; i < lines.length; i++) {
    if (!FROM.test(lines[i]!.trim()) && !(marker && HEADER.test(lines[i]!.trim()))) continue;
    const block = readHeaders(lines, i);
    if (!block) continue;
    return { ...block.headers, body: lines.slice(block.end).join('\n').trim() };
  }
  return undefined;
}

function readHeaders(
  lines: string[],
  start: number,
): { headers: { from?: string; subject?: string }; end: number } | undefined {
  const headers: { from?: string; subject?: string } = {};
  let seen = 0;
  let i = start;
  let last = '';
  for (; i < lines.length && i < start + 12; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    const m = HEADER.exec(line.trim());
    if (!m) {
      // A folded header line (Outlook wraps long To: lists).
      if (/^\s/.test(line) && last) continue;
      break;
    }
    const key = m[1]!.toLowerCase();
    last = key;
    if (FROM_KEYS.has(key)) {
      const a = addressIn(m[2]!);
      if (a) headers.from = a;
    } else if (SUBJECT_KEYS.has(key)) headers.subject = m[2]!.trim();
    else if (!OTHER_KEYS.has(key)) break;
    seen += 1;
  }
  if (headers.from === undefined || seen < 2) return undefined;
  return { headers, end: i };
}
