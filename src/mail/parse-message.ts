import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type AddressObject,
  type AttachmentStream,
  type HeaderValue,
  MailParser,
  type MessageText,
} from 'mailparser';
import { CodedError } from '../errors.js';

export interface MailAddress {
  /** Lower-cased address. */
  address: string;
  name: string;
}

export interface MailAttachment {
  filename?: string;
  contentType: string;
  /** Decoded size in bytes (counted while streaming, also when the content is not kept). */
  size: number;
  /** The content, only when `keepAttachment` asked for it and it stayed within `maxAttachmentBytes`. */
  content?: Buffer;
}

/**
 * One parsed message, independent of mailparser's shapes: what the email channel and the CA-mail
 * CA-mail recogniser read. Header names in `headers` are lower case; values as mailparser parsed them
 * (plain strings for most headers, see mailparser's HeaderValue).
 */
export interface ParsedMail {
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo?: MailAddress;
  subject: string;
  messageId?: string;
  /**
   * True when the mail had no Message-ID and `messageId` was derived from its content
   * (`withMessageId`): good as an idempotency key, never put in In-Reply-To or References.
   */
  messageIdDerived?: boolean;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  headers: Map<string, HeaderValue>;
  /** The text/plain body, or the HTML converted to text when the mail had no plain-text part. */
  text: string;
  html?: string;
  /** True when `text` was derived from HTML (no text/plain part). */
  htmlOnly: boolean;
  attachments: MailAttachment[];
  /** Attached `message/rfc822` parts, parsed (one level), e.g. a CA mail forwarded as attachment. */
  embedded?: ParsedMail[];
}

export interface ParseOptions {
  /** Called for each attachment before its content is read: true keeps the bytes (e.g. a PDF). */
  keepAttachment?: (meta: { filename?: string; contentType: string }) => boolean;
  /** Kept attachments larger than this are dropped (their size is still counted). Default 10 MB. */
  maxAttachmentBytes?: number;
  /** Input larger than this rejects with MailTooLargeError without reading the rest. */
  maxBytes?: number;
}

export class MailTooLargeError extends CodedError {
  constructor(readonly limit: number) {
    super('mail_too_large', `message larger than ${limit} bytes`);
  }
}

/**
 * Streams a raw RFC 5322 message through mailparser's MailParser. Attachments are streamed out and
 * only counted unless asked for, and the work the bot never needs is switched off (text→HTML, link
 * detection, cid inlining, checksums, HTML→text by mailparser): measured in bench/mail.ts.
 */
export async function parseMessage(
  source: Buffer | string | Readable,
  options: ParseOptions = {},
): Promise<ParsedMail> {
  const parser = new MailParser({
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    checksumAlgo: false,
  });
  const whole =
    typeof source === 'string' ? Buffer.from(source) : Buffer.isBuffer(source) ? source : undefined;
  if (whole && options.maxBytes !== undefined && whole.length > options.maxBytes) {
    throw new MailTooLargeError(options.maxBytes);
  }
  const attachments: MailAttachment[] = [];
  let body: MessageText | undefined;
  const maxAttachment = options.maxAttachmentBytes ?? 10 * 1024 * 1024;

  const input = whole ? undefined : (source as Readable);
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    const fail = (err: unknown) => {
      if (input) {
        input.unpipe(parser);
        if (!input.destroyed) input.destroy();
      }
      parser.destroy();
      reject(err);
    };
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') body = data;
      else collectAttachment(data, options.keepAttachment, maxAttachment, attachments);
    });
    parser.on('end', resolve);
    parser.on('error', fail);
    // A message already in memory is written in one go; a stream is piped (backpressure: attachments
    // are never buffered whole).
    if (!input) {
      parser.end(whole);
      return;
    }
    input.on('error', fail);
    if (options.maxBytes !== undefined) {
      const limit = options.maxBytes;
      input.on('data', (chunk: Buffer | string) => {
        seen += chunk.length;
        if (seen > limit) fail(new MailTooLargeError(limit));
      });
    }
    input.pipe(parser);
  });

  // An attached message (a CA mail "forwarded as attachment") is parsed too, one level deep.
  const embedded =
    (options as { depth?: number }).depth === 1 ? [] : await parseEmbedded(attachments, options);
  const headers = parser.headers || new Map<string, HeaderValue>();
  const html = body?.html;
  const htmlOnly = !body?.text && html !== undefined;
  return {
    ...optional('from', firstAddress(headers.get('from'))),
    to: addresses(headers.get('to')),
    cc: addresses(headers.get('cc')),
    ...optional('replyTo', firstAddress(headers.get('reply-to'))),
    subject: typeof parser.subject === 'string' ? parser.subject : '',
    ...optional('messageId', parser.messageId),
    ...optional('inReplyTo', firstId(parser.inReplyTo)),
    references: idList(parser.references),
    ...optional('date', headers.has('date') ? parser.date : undefined),
    headers,
    text: htmlOnly ? htmlToText(html) : (body?.text ?? ''),
    ...optional('html', html),
    htmlOnly,
    attachments,
    ...(embedded.length > 0 ? { embedded } : {}),
  };
}

/** Parses the kept `message/rfc822` attachments (never deeper than one level). */
async function parseEmbedded(attachments: MailAttachment[], options: ParseOptions): Promise<ParsedMail[]> {
  const out: ParsedMail[] = [];
  for (const a of attachments) {
    if (a.contentType !== 'message/rfc822' || !a.content) continue;
    out.push(await parseMessage(a.content, { ...options, depth: 1 } as ParseOptions));
  }
  return out;
}

function collectAttachment(
  data: AttachmentStream,
  keep: ParseOptions['keepAttachment'],
  max: number,
  out: MailAttachment[],
): void {
  const meta = { contentType: data.contentType, ...optional('filename', data.filename) };
  // Attached messages are kept so parseEmbedded can read them.
  let wanted = (keep?.(meta) ?? false) || data.contentType === 'message/rfc822';
  const chunks: Buffer[] = [];
  let size = 0;
  data.content.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (!wanted) return;
    if (size > max) {
      wanted = false;
      chunks.length = 0;
    } else chunks.push(chunk);
  });
  data.content.on('end', () => {
    out.push({ ...meta, size, ...(wanted ? { content: Buffer.concat(chunks) } : {}) });
    data.release?.();
  });
}

function optional<K extends string, V>(key: K, value: V | undefined | null | false): { [P in K]?: V } {
  return value === undefined || value === null || value === false
    ? {}
    : ({ [key]: value } as { [P in K]: V });
}

function addresses(value: HeaderValue | undefined): MailAddress[] {
  if (!value || typeof value !== 'object') return [];
  const list = (Array.isArray(value) ? value : [value]) as AddressObject[];
  const out: MailAddress[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address.toLowerCase(), name: e.name ?? '' });
    }
  };
  for (const obj of list) if (obj && Array.isArray(obj.value)) walk(obj.value);
  return out;
}

function firstAddress(value: HeaderValue | undefined): MailAddress | undefined {
  return addresses(value)[0];
}

/** Message-IDs with their angle brackets, in header order. */
export function idList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  return text.match(/<[^<>\s]+>/g) ?? [];
}

function firstId(value: string | undefined): string | undefined {
  return idList(value)[0];
}

/** A plain-text rendering of HTML good enough to read a reply from (blocks become lines). */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)\s*>/gi, '\n')
      .replace(/<(p|div|li|tr|h[1-6]|blockquote|table)\b[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * The mail itself when it has a Message-ID, else a copy with a stable one derived from its Date, From,
 * Subject and body (`<derived.…@evssl-bot.invalid>`): a reply without one is still answered once, and a
 * CA mail delivered twice is applied once (the id is the turn's idempotency key).
 */
export function withMessageId(mail: ParsedMail): ParsedMail {
  if (mail.messageId) return mail;
  const hash = createHash('sha256')
    .update(
      [
        mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : '',
        mail.from?.address ?? '',
        mail.subject,
        mail.text.replace(/\s+/g, ' ').trim(),
      ].join('\n'),
    )
    .digest('hex')
    .slice(0, 32);
  return { ...mail, messageId: `<derived.${hash}@evssl-bot.invalid>`, messageIdDerived: true };
}
