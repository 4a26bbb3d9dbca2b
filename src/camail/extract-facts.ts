import type { CaMailFacts, CaMailKind } from '../flow/ca-mail.js';
import { isExpectedDomain } from './ca-domains.js';

/** The readable parts of one CA mail (subject, text, and the HTML when there is one for its links). */
export interface CaContent {
  subject: string;
  text: string;
  html?: string;
}

/** What the mail's text says, besides its kind and its trust (the engine's CaMailFacts). */
export type ExtractedFacts = Pick<
  CaMailFacts,
  'url' | 'verificationCode' | 'orderNumber' | 'domain' | 'documents' | 'callbackAt'
>;

/** Phrases of each kind, English and Japanese; the subject is read first, then the body. */
const KIND_RULES: Array<[CaMailKind, RegExp]> = [
  ['subscriber-agreement', /subscriber\s+agreement|利用契約|click[\s-]?through|EVClickThrough/i],
  ['dcv', /domain\s+control\s+validation|\bDCV\b|ドメイン(の)?(認証|所有(権)?(の)?確認)/i],
  [
    'certificate-issued',
    /(certificate|証明書)[^\n]{0,40}(has been|was|is now|is)\s+issued|発行(が)?完了|発行(いた)?しました|発行されました|証明書ダウンロード/i,
  ],
  [
    'documents',
    /evdocs@|(書類|定款|弁護士意見書|documents?|articles\s+of\s+incorporation|(legal|attorney)\s+opinion)[^\n]{0,60}(提出|送付|送信|ご確認|不備|受理|submit|send|required|request|reject|accept)/i,
  ],
  [
    'callback',
    /call\s?back|(telephone|phone)\s+(verification|call)|verification\s+call|電話(での|による)?(確認|認証)|お電話|架電/i,
  ],
  [
    'approval-request',
    /(approv(al|e)|承認)[\s\S]{0,400}(verification\s+code|認証コード|確認コード|承認コード)|(verification\s+code|認証コード)[\s\S]{0,400}(approv(al|e)|承認)/i,
  ],
];

/** CloudSecure's approval mail names itself in the subject (its body also mentions the agreement to come). */
const APPROVAL_SUBJECT = /approval\s+(confirmation|request)|承認確認|承認のお願い/i;

export function detectKind(c: CaContent): CaMailKind | undefined {
  if (APPROVAL_SUBJECT.test(c.subject)) return 'approval-request';
  for (const [kind, re] of KIND_RULES) if (re.test(c.subject)) return kind;
  for (const [kind, re] of KIND_RULES) if (re.test(c.text)) return kind;
  return undefined;
}

const REJECTED =
  /rejected|not\s+(been\s+)?accepted|could\s+not\s+(be\s+)?accept|unable\s+to\s+accept|insufficient|resubmit|不備|受理(でき|出来)(ませ|な)|差し戻|再(度)?(提出|送付)/i;

/** Everything the applicant needs from a CA mail; each fact only when the mail states it. */
export function extractFacts(kind: CaMailKind, c: CaContent, expected: readonly string[]): ExtractedFacts {
  const all = `${c.subject}\n${c.text}`;
  const url = pickUrl(urlsIn(c), expected);
  const code = codeIn(c.text);
  const order = orderIn(all) ?? (url ? /orderNumber=(\d{5,12})/i.exec(url)?.[1] : undefined);
  const domain = domainIn(c.subject, expected) ?? domainIn(c.text, expected);
  const callbackAt = kind === 'callback' ? whenIn(c.text) : undefined;
  return {
    ...(url ? { url } : {}),
    ...(code ? { verificationCode: code } : {}),
    ...(order ? { orderNumber: order } : {}),
    ...(domain ? { domain } : {}),
    ...(kind === 'documents' ? { documents: REJECTED.test(all) ? 'rejected' : 'requested' } : {}),
    ...(callbackAt ? { callbackAt } : {}),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Links of the HTML (`href`, entities undone) and of the text (a `<…>`-wrapped URL may span lines). */
export function urlsIn(c: CaContent): string[] {
  const out: string[] = [];
  for (const m of (c.html ?? '').matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    out.push(decodeEntities((m[1] ?? m[2] ?? '').replace(/\s+/g, '')));
  }
  const text = c.text.replace(/<(https?:\/\/[^<>]+)>/gi, (_, u: string) => ` ${u.replace(/\s+/g, '')} `);
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'）)\]「」]+/gi)) out.push(decodeEntities(m[0]));
  return out.map((u) => u.replace(/[.,;:。、]+$/, '')).filter((u) => /^https?:\/\/[^/]+\.[^/]+/i.test(u));
}

const ACTION = /dcv|validat|clickthrough|agree|approv|verif|confirm|ordernumber|download|certificate|ssl/i;
const NOISE = /unsubscribe|privacy|logo|facebook|twitter|linkedin|\.(png|gif|jpe?g|css)(\?|$)/i;

/** The link to open: on an expected host and about the action (validate, agree, approve) if any is. */
export function pickUrl(urls: string[], expected: readonly string[]): string | undefined {
  const useful = urls.filter((u) => !NOISE.test(u));
  const score = (u: string) => {
    let host = '';
    try {
      host = new URL(u).hostname;
    } catch {
      return -1;
    }
    return (isExpectedDomain(host, expected) ? 4 : 0) + (ACTION.test(u) ? 2 : 0) + (u.includes('?') ? 1 : 0);
  };
  let best: string | undefined;
  for (const u of useful) if (best === undefined || score(u) > score(best)) best = u;
  return best;
}

const CODE_LABEL =
  /(?:verification|validation|approval|confirmation|unique)\s*code|(?:認証|確認|承認|検証)コード|バリデーションコード/gi;

/** The token right after a code label (same line, or the next non-empty line), quotes and colons aside. */
export function codeIn(text: string): string | undefined {
  for (const m of text.matchAll(CODE_LABEL)) {
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 160);
    const tail =
      /^[」"'”)）\s]*(?:is|は)?\s*[:：=]?\s*(?:\n\s*)*[「"'“]?([A-Za-z0-9][A-Za-z0-9_-]{5,63})\b/.exec(rest);
    const token = tail?.[1];
    if (token && /\d/.test(token) && /[A-Za-z]/.test(token)) return token;
    if (token && /^\d{6,}$/.test(token)) return token;
  }
  return undefined;
}

export function orderIn(text: string): string | undefined {
  const m =
    /ORDER\s*(?:#|No\.?|Number)\s*[:：]?\s*#?\s*(\d{5,12})/i.exec(text) ??
    /(?:注文番号|オーダー番号|オーダーNo\.?|受付番号|申請番号)\s*[:：]?\s*#?\s*(\d{5,12})/.exec(text);
  return m?.[1];
}

const DOMAIN = String.raw`(?:\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,})`;
const DOMAIN_AFTER = new RegExp(
  String.raw`(?:Validation for|certificate for|application for[^\n]{0,60}?for|Domain(?: Name)?|Common Name|CN|FQDN|ドメイン名?|コモンネーム)\s*[:：]?\s*${DOMAIN}`,
  'gi',
);

function domainIn(text: string, expected: readonly string[]): string | undefined {
  for (const m of text.matchAll(DOMAIN_AFTER)) {
    const d = m[1]!.toLowerCase();
    if (!isExpectedDomain(d, expected) && !/\.(png|gif|html?)$/.test(d)) return d;
  }
  return undefined;
}

function whenIn(text: string): string | undefined {
  const m =
    /(\d{4}[年/-]\s*\d{1,2}[月/-]\s*\d{1,2}日?(?:\s*[(（][^)）]{1,3}[)）])?\s*\d{1,2}(?:[:：]\d{2}|時(?:\d{1,2}分)?)(?:\s*(?:JST|UTC|GMT[+-]?\d*))?)/.exec(
      text,
    ) ??
    /((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}[^\n]{0,20}?\d{1,2}:\d{2}(?:\s*(?:JST|UTC|GMT[+-]?\d*))?)/.exec(
      text,
    );
  return m?.[1]?.trim();
}
