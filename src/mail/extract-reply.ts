import { htmlToText } from './parse-message.js';

/**
 * The new part of a reply, without the quoted thread and the signature. Written for what Japanese and
 * English clients really produce (Gmail, Outlook, Thunderbird, Apple Mail, carrier mail), which generic
 * reply parsers miss: `2026年11月25日(水) 10:00 山田 <a@b>:`, `差出人: / 送信日時:` blocks,
 * `-----元のメッセージ-----`, and company signature blocks.
 */
export function extractReply(mail: { text: string; html?: string; htmlOnly?: boolean }): string {
  const text = mail.htmlOnly && mail.html !== undefined ? htmlToText(cutHtmlQuote(mail.html)) : mail.text;
  return extractReplyText(text);
}

export function extractReplyText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = quoteStart(lines);
  const kept = lines.slice(0, cut).filter((l) => !/^\s*[>＞]/.test(l));
  return stripSignature(kept).join('\n').trim();
}

/** Cuts an HTML body where the quoted message starts (Gmail, Apple Mail, Thunderbird, Outlook). */
export function cutHtmlQuote(html: string): string {
  const markers = [
    /<div[^>]+class=["'][^"']*gmail_quote/i,
    /<blockquote\b/i,
    /<div[^>]+id=["']?(divRplyFwdMsg|appendonsend)/i,
    /<div[^>]+class=["'][^"']*moz-cite-prefix/i,
    /<hr\b[^>]*>\s*(<[^>]+>\s*)*(<b>)?\s*(From|差出人)\s*[:：]/i,
  ];
  let at = html.length;
  for (const m of markers) {
    const i = html.search(m);
    if (i >= 0 && i < at) at = i;
  }
  return html.slice(0, at);
}

const JA_DATE = /^\s*\d{4}[年/-]\s*\d{1,2}[月/-]\s*\d{1,2}日?/;
const ATTRIBUTION_END =
  /(wrote|書きました|のメール|さんは書きました)\s*[:：]\s*$|[>＞]\s*[:：]\s*$|[:：]\s*$/;
const SEPARATOR =
  /^\s*-{2,}\s*(Original Message|元のメッセージ|Forwarded message|転送されたメッセージ|Reply message)\s*-{2,}\s*$/i;
const HEADER_FROM = /^\s*\*?\s*(From|差出人|送信者)\s*\*?\s*[:：]/i;
const HEADER_NEXT = /^\s*\*?\s*(Sent|Date|To|Subject|Cc|送信日時|日時|日付|宛先|件名|送信日)\s*\*?\s*[:：]/i;

/** Index of the first line of the quoted part, or lines.length when there is none. */
function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1] ?? '';
    if (SEPARATOR.test(line)) return i;
    if (/^\s*_{10,}\s*$/.test(line) && HEADER_FROM.test(firstNonBlank(lines, i + 1))) return i;
    if (HEADER_FROM.test(line) && isHeaderBlock(lines, i)) return i;
    if (isAttribution(line, next)) return i;
  }
  return lines.length;
}

function firstNonBlank(lines: string[], from: number): string {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() !== '') return lines[i]!;
  return '';
}

/** `差出人: …` followed by `送信日時:` / `Sent:` / `宛先:` within the next few lines. */
function isHeaderBlock(lines: string[], i: number): boolean {
  for (let j = i + 1; j <= i + 4 && j < lines.length; j++) if (HEADER_NEXT.test(lines[j]!)) return true;
  return false;
}

/**
 * `On Tue, 25 Nov 2026 at 10:00, Taro <a@b> wrote:` (Gmail), `On 2026/11/25 10:00, Taro wrote:`
 * (Thunderbird), `2026年11月25日(水) 10:00 山田 <a@b>:` (Gmail ja), `2026/11/25 10:00、山田 <a@b>のメール:`
 * (Apple Mail ja), also when the client wrapped the line in two.
 */
function isAttribution(line: string, next: string): boolean {
  const l = line.trim();
  if (l === '') return false;
  const joined = `${l} ${next.trim()}`;
  if (/^On\b.+/i.test(l)) {
    if (/\bwrote\s*:\s*$/i.test(l)) return true;
    if (l.length > 12 && /\bwrote\s*:\s*$/i.test(joined) && !/\bwrote\b/i.test(next.trim().slice(0, -7)))
      return true;
    return false;
  }
  if (JA_DATE.test(l)) {
    if (/\d{1,2}:\d{2}/.test(l) && ATTRIBUTION_END.test(l) && /[@<]|wrote|書きました|のメール/.test(l))
      return true;
    if (
      /\d{1,2}:\d{2}/.test(joined) &&
      ATTRIBUTION_END.test(next.trim()) &&
      /[@<]|wrote|書きました|のメール/.test(joined)
    )
      return true;
  }
  if (/^.{1,60}(さんは書きました|wrote)\s*[:：]\s*$/.test(l) && /[@<]|\d/.test(l)) return true;
  return false;
}

const SIG_SEPARATOR = /^\s*([-=_*━─＿＝~〜・]\s*){4,}$/;
const CONTACT =
  /(^|\b)(TEL|Tel|FAX|Fax|Phone|Mobile|E-?mail|Mail|URL|Web)\b\s*[:：.]?|電話|携帯|〒|https?:\/\/|@/;
const ORG =
  /(株式会社|有限会社|合同会社|\(株\)|（株）|㈱|Co\.,?\s*Ltd|Ltd\.?|Inc\.?|Corporation|Corp\.|K\.K\.|部|課|室|グループ|Group|Department|Dept\.)/;
/** `label: value` lines that answer a question, which a signature never holds. */
const ANSWER_LABEL =
  /^\s*(DUNS|役職|氏名|組織名|会社名|郵便番号|住所|都道府県|市区町村|国コード|Title|Name|Organi[sz]ation)/i;

/**
 * A mobile client's one-line signature: "Sent from my iPhone", 「iPhoneから送信」, "Get Outlook for iOS",
 * 「iOS 版 Outlook を入手」, 「Android版Outlookから送信」, 「ドコモメールから送信」…
 */
export const MOBILE_SIGNATURE =
  /^\s*(?:Sent from my [^\n]{1,40}|Sent from (?:Outlook|Mail|Yahoo Mail|Gmail|Samsung Mail)(?: for (?:iOS|Android|iPhone|iPad|Mac|Windows))?|Get Outlook for (?:iOS|Android)|Sent (?:via|with) [^\n]{1,30}(?:app|mobile|iPhone|Android)[^\n]{0,10}|[^\d:：\n]{1,24}から送信(?:しました)?|(?:iOS|Android)\s*版\s*Outlook\s*を入手|Outlook\s*for\s*(?:iOS|Android)\s*を入手)\s*[。.]?\s*$/i;

/** Words only a confidentiality notice uses ("This e-mail may contain confidential information…"). */
const DISCLAIMER =
  /機密|秘密情報|守秘|誤って(?:受信|送信|届)|誤送信|confidential|privileged|intended (?:solely |only )?for|intended recipient|received (?:this|it) in error|disclaimer/i;

interface Paragraph {
  /** Index of its first line in the kept lines (the separator above it, when there is one). */
  start: number;
  lines: string[];
  sepAbove: boolean;
}

/** Blocks of non-blank lines, split at blank lines and separator lines (`━━━`, `-----`). */
function paragraphs(lines: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | undefined;
  let sep = -1;
  lines.forEach((line, i) => {
    if (line.trim() === '' || SIG_SEPARATOR.test(line)) {
      current = undefined;
      if (SIG_SEPARATOR.test(line)) sep = i;
      return;
    }
    if (!current) {
      const sepAbove = sep >= 0 && lines.slice(sep + 1, i).every((l) => l.trim() === '');
      current = { start: sepAbove ? sep : i, lines: [], sepAbove };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

function looksLikeSignature(p: Paragraph): boolean {
  if (p.lines.length > 10 || p.lines.some((l) => ANSWER_LABEL.test(l))) return false;
  const contact = p.lines.some((l) => CONTACT.test(l));
  const org = p.lines.some((l) => ORG.test(l));
  return (contact && (org || p.sepAbove)) || (p.sepAbove && org);
}

/**
 * Removes what follows the answer: a `--`/`-- ` signature, mobile one-liners, and the company signature
 * block (name / company / TEL lines, framed or not) with everything under it — the confidentiality
 * notice many companies put below their signatures. The first paragraph is never a signature: it is
 * what the applicant wrote.
 */
function stripSignature(lines: string[]): string[] {
  const dash = lines.findIndex((l) => /^--\s?$/.test(l));
  const kept = (dash >= 0 ? lines.slice(0, dash) : lines).filter((l) => !MOBILE_SIGNATURE.test(l));
  const paras = paragraphs(kept);
  // Trailing confidentiality notices go first (they may follow a signature the rules below miss).
  let end = paras.length;
  while (end > 1 && paras[end - 1]!.lines.some((l) => DISCLAIMER.test(l))) end--;
  let cut = end < paras.length ? paras[end]!.start : kept.length;
  // An answer below a signature-looking block (`役職: …` after an introduction with a phone number)
  // means the block was not the signature.
  const answersFrom = (i: number) =>
    paras.slice(i, end).some((p) => p.lines.some((l) => ANSWER_LABEL.test(l)));
  for (let i = 1; i < end; i++) {
    if (looksLikeSignature(paras[i]!) && !answersFrom(i + 1)) {
      cut = paras[i]!.start;
      break;
    }
  }
  const out = kept.slice(0, cut);
  while (out.length > 0 && (out[out.length - 1]!.trim() === '' || SIG_SEPARATOR.test(out[out.length - 1]!)))
    out.pop();
  return out;
}
