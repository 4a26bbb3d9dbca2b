import { Resolver } from 'node:dns/promises';
import { getDomain } from 'tldts';
import type { Problem } from '../cert/types.js';
import { parseServer, RR_TYPE, rawQuery } from './dns-query.js';
import type { DvRequest } from './dv-request.js';
import { normaliseContent, normaliseHost } from './dv-request.js';
import { httpGet, type NetOptions } from './http-get.js';

/** One place looked at: a URL (file validation) or a record name (DNS validation). */
export interface DvLook {
  where: string;
  ok: boolean;
  /** Stable code, e.g. `dv.http.not-found`, `dv.dns.points-elsewhere`; `dv.ok` when it passed. */
  code: string;
  /** What was found instead, when it helps (a status, a redirect target, the record's value). */
  found?: string;
}

export interface DvCheckResult {
  ok: boolean;
  method: DvRequest['method'];
  looks: DvLook[];
  /** Why it fails (errors), or what is wrong beside a pass (warnings); in both languages. */
  problems: Problem[];
}

export interface DvCheckOptions extends NetOptions {
  /** DNS servers as `Resolver#setServers` takes them (default: the system's). */
  dnsServers?: string[];
}

export function checkDomainValidation(req: DvRequest, opts: DvCheckOptions = {}): Promise<DvCheckResult> {
  return req.method === 'http' ? checkFile(req, opts) : checkRecord(req, opts);
}

const MAX_REDIRECTS = 5;

/**
 * Fetches the file over http and https as the CA will (BR 3.2.2.4.18): a redirect is followed only
 * within the same host and to port 80 or 443; the content must be what the CA gave. Passing over one
 * scheme is enough (the CA accepts either); a failure on the other is then a warning.
 */
async function checkFile(
  req: Extract<DvRequest, { method: 'http' }>,
  opts: DvCheckOptions,
): Promise<DvCheckResult> {
  const looks: DvLook[] = [];
  for (const scheme of ['http', 'https'] as const) {
    looks.push(await fetchOne(new URL(`${scheme}://${req.domain}${req.path}`), req, opts));
  }
  const ok = looks.some((l) => l.ok);
  const problems = looks.filter((l) => !l.ok).map((l) => fileProblem(l, req, ok ? 'warning' : 'error'));
  return { ok, method: 'http', looks, problems };
}

async function fetchOne(start: URL, req: { domain: string; content: string }, opts: NetOptions) {
  let url = start;
  const where = start.toString();
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await httpGet(url, opts);
    if (res.type === 'error') {
      const code = res.code === 'ETIMEDOUT' ? 'dv.http.timeout' : 'dv.http.unreachable';
      return { where, ok: false, code, found: res.code };
    }
    if ([301, 302, 303, 307, 308].includes(res.status) && res.location) {
      let next: URL;
      try {
        next = new URL(res.location, url);
      } catch {
        return { where, ok: false, code: 'dv.http.redirect-elsewhere', found: res.location };
      }
      if (normaliseHost(next.hostname) !== req.domain || !/^https?:$/.test(next.protocol)) {
        return { where, ok: false, code: 'dv.http.redirect-elsewhere', found: next.toString() };
      }
      if (next.port !== '' && next.port !== '80' && next.port !== '443') {
        return { where, ok: false, code: 'dv.http.redirect-port', found: next.toString() };
      }
      url = next;
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      return { where, ok: false, code: 'dv.http.not-found', found: String(res.status) };
    }
    if (res.status !== 200) return { where, ok: false, code: 'dv.http.status', found: String(res.status) };
    const got = normaliseContent(res.body);
    const want = normaliseContent(req.content);
    if (got === want) return { where, ok: true, code: 'dv.ok' };
    if (/^\s*<(!doctype|html|head|body)/i.test(res.body) || /text\/html/i.test(res.contentType ?? '')) {
      return { where, ok: false, code: 'dv.http.html-page', found: 'text/html' };
    }
    return { where, ok: false, code: 'dv.http.wrong-content', found: firstDifference(got, want) };
  }
  return { where, ok: false, code: 'dv.http.too-many-redirects', found: url.toString() };
}

/** `line 2: "comodoca.com" (expected "sectigo.com")`, values cut to 80 characters. */
function firstDifference(got: string, want: string): string {
  const a = got.split('\n');
  const b = want.split('\n');
  const cut = (s: string | undefined) => (s === undefined ? '(none)' : JSON.stringify(s.slice(0, 80)));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ${cut(a[i])} (expected ${cut(b[i])})`;
  }
  return '';
}

function fileProblem(l: DvLook, req: { domain: string; path: string }, severity: Problem['severity']) {
  const at = l.where;
  const f = l.found ?? '';
  const m: Record<string, [string, string]> = {
    'dv.http.not-found': [
      `${at} が見つかりません（HTTP ${f}）。ファイルを ${req.path} に置いたか、ファイル名の大文字・小文字と拡張子（.txt）が指定どおりかを確認してください。`,
      `${at} was not found (HTTP ${f}). Check the file is at ${req.path} and its name matches exactly — upper/lower case and the .txt extension.`,
    ],
    'dv.http.status': [
      `${at} が HTTP ${f} を返しました。200 で返るよう、アクセス制限（Basic認証、IP制限）を外してください。`,
      `${at} answered HTTP ${f}; it must answer 200 — lift any access restriction (basic auth, IP allow-list) on that folder.`,
    ],
    'dv.http.redirect-elsewhere': [
      `${at} は別のホストへ転送されます（${f}）。認証機関は別ホストへの転送先を見ないため、${req.domain} 自身でファイルを返してください。`,
      `${at} redirects to another host (${f}); the CA does not follow it, so ${req.domain} itself must serve the file.`,
    ],
    'dv.http.redirect-port': [
      `${at} は 80/443 以外のポートへ転送されます（${f}）。BR 3.2.2.4.18 によりその転送は使えません。`,
      `${at} redirects to a port other than 80/443 (${f}), which BR 3.2.2.4.18 does not allow.`,
    ],
    'dv.http.too-many-redirects': [
      `${at} の転送が ${MAX_REDIRECTS} 回を超えました（最後: ${f}）。`,
      `${at} redirected more than ${MAX_REDIRECTS} times (last: ${f}).`,
    ],
    'dv.http.html-page': [
      `${at} はファイルではなくWebページ（HTML）を返しました。CMSやエラーページが応答しています。ファイルを ${req.path} に置いてください。`,
      `${at} returned a web page (HTML), not the file: a CMS or an error page answered. Put the file at ${req.path}.`,
    ],
    'dv.http.wrong-content': [
      `${at} の内容が指定と違います（${f}）。認証機関のメールの内容をそのまま、改行も含めて保存してください。`,
      `${at} does not hold the content the CA gave (${f}); save it exactly as in the CA's mail, line breaks included.`,
    ],
    'dv.http.timeout': [
      `${at} に接続できませんでした（タイムアウト）。ファイアウォールで80/443番ポートが開いているか確認してください。`,
      `${at} could not be reached (timed out); check ports 80/443 are open in the firewall.`,
    ],
    'dv.http.unreachable': [
      `${at} に接続できませんでした（${f}）。DNSのAレコードとWebサーバーが動いているかを確認してください。`,
      `${at} could not be reached (${f}); check the domain's A record and that the web server is running.`,
    ],
  };
  const [ja, en] = m[l.code] ?? [`${at}: ${l.code}`, `${at}: ${l.code}`];
  return { code: l.code, severity, message: { ja, en } };
}

/**
 * Resolves the record as the CA will (BR 3.2.2.4.7) and compares it. A SERVFAIL is asked again with
 * EDNS and the CD bit so a DNSSEC failure can be told apart from a broken server: an Extended DNS Error
 * of the DNSSEC family (RFC 8914 codes 1-12), or an answer once validation is off, means the zone's
 * signatures are broken; the CA's resolver validates too, so the record is invisible to it.
 */
async function checkRecord(
  req: Extract<DvRequest, { method: 'cname' | 'txt' }>,
  opts: DvCheckOptions,
): Promise<DvCheckResult> {
  const resolver = new Resolver({ timeout: opts.timeoutMs ?? 3000, tries: 2 });
  if (opts.dnsServers) resolver.setServers(opts.dnsServers);
  const look = await lookRecord(resolver, req, opts);
  const problems = look.ok ? [] : [recordProblem(look, req)];
  return { ok: look.ok, method: req.method, looks: [look], problems };
}

async function lookRecord(
  resolver: Resolver,
  req: { method: 'cname' | 'txt'; name: string; value: string },
  opts: DvCheckOptions,
): Promise<DvLook> {
  const where = req.name;
  const got = await resolve(resolver, req.method, req.name);
  if (got.type === 'values') {
    if (got.values.includes(req.value)) return { where, ok: true, code: 'dv.ok' };
    const code = req.method === 'cname' ? 'dv.dns.points-elsewhere' : 'dv.dns.wrong-value';
    return { where, ok: false, code, found: got.values.slice(0, 3).join(', ') };
  }
  if (got.code === 'ENOTFOUND' || got.code === 'ENODATA') {
    // A DNS panel that appends the zone itself turns `_x.example.co.jp` typed in full into
    // `_x.example.co.jp.example.co.jp`: look there before saying the record is missing.
    const zone = getDomain(req.name);
    if (zone) {
      const doubled = `${req.name}.${zone}`;
      const there = await resolve(resolver, req.method, doubled);
      if (there.type === 'values') return { where, ok: false, code: 'dv.dns.doubled-name', found: doubled };
    }
    if (got.code === 'ENODATA') {
      const other = await resolve(resolver, req.method === 'cname' ? 'txt' : 'cname', req.name);
      const found = other.type === 'values' ? `${req.method === 'cname' ? 'TXT' : 'CNAME'}` : undefined;
      return { where, ok: false, code: 'dv.dns.no-record', ...(found ? { found } : {}) };
    }
    return { where, ok: false, code: 'dv.dns.missing' };
  }
  if (got.code === 'ESERVFAIL') return explainServfail(resolver, req, opts);
  return { where, ok: false, code: 'dv.dns.no-answer', found: got.code };
}

type Resolved = { type: 'values'; values: string[] } | { type: 'error'; code: string };

async function resolve(resolver: Resolver, type: 'cname' | 'txt', name: string): Promise<Resolved> {
  try {
    const values =
      type === 'cname'
        ? (await resolver.resolveCname(name)).map(normaliseHost)
        : (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    return values.length > 0 ? { type: 'values', values } : { type: 'error', code: 'ENODATA' };
  } catch (err) {
    return { type: 'error', code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

/** RFC 8914 section 5.2: the INFO-CODEs about DNSSEC. */
const DNSSEC_EDE: Record<number, string> = {
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
};

async function explainServfail(
  resolver: Resolver,
  req: { method: 'cname' | 'txt'; name: string },
  opts: DvCheckOptions,
): Promise<DvLook> {
  const where = req.name;
  const server = resolver.getServers()[0];
  if (server) {
    const to = parseServer(server);
    const type = req.method === 'cname' ? RR_TYPE.CNAME : RR_TYPE.TXT;
    const timeoutMs = opts.timeoutMs ?? 3000;
    const plain = await rawQuery(to, req.name, type, { checkingDisabled: false, timeoutMs });
    const ede = plain?.ede;
    if (ede && DNSSEC_EDE[ede.code]) {
      const text = ede.text ? `: ${ede.text}` : '';
      return { where, ok: false, code: 'dv.dns.dnssec-failed', found: `${DNSSEC_EDE[ede.code]}${text}` };
    }
    const cd = await rawQuery(to, req.name, type, { checkingDisabled: true, timeoutMs });
    if (cd && cd.rcode === 0 && cd.answers > 0) {
      return {
        where,
        ok: false,
        code: 'dv.dns.dnssec-failed',
        found: 'answers only with checking disabled (CD)',
      };
    }
  }
  return { where, ok: false, code: 'dv.dns.servfail' };
}

function recordProblem(l: DvLook, req: { method: 'cname' | 'txt'; name: string; value: string }): Problem {
  const type = req.method.toUpperCase();
  const f = l.found ?? '';
  const m: Record<string, [string, string]> = {
    'dv.dns.missing': [
      `${type}レコード ${req.name} がありません（NXDOMAIN）。DNSに登録したか、登録がまだ反映されていないかを確認してください（TTL分待つ必要があります）。`,
      `There is no ${type} record ${req.name} (NXDOMAIN). Check it was added, or wait for it to propagate (up to its TTL).`,
    ],
    'dv.dns.no-record': [
      `${req.name} はありますが ${type} レコードがありません${f ? `（${f}レコードが登録されています。種類を${type}にしてください）` : ''}。`,
      `${req.name} exists but has no ${type} record${f ? ` (it has a ${f} record: make it ${type})` : ''}.`,
    ],
    'dv.dns.doubled-name': [
      `レコードが ${f} に登録されています。DNS管理画面がドメイン名を自動で付け足すため、名前欄にはドメインより前の部分だけを入力してください。`,
      `The record was added as ${f}: the DNS panel appends the domain itself, so type only the part before the domain in the name field.`,
    ],
    'dv.dns.points-elsewhere': [
      `${req.name} の CNAME は ${f} を向いています。指定の値は ${req.value} です。`,
      `${req.name} is a CNAME to ${f}; the CA asked for ${req.value}.`,
    ],
    'dv.dns.wrong-value': [
      `${req.name} の TXT レコードの値が指定と違います（登録値: ${f}）。指定の値は ${req.value} です。`,
      `${req.name} has TXT ${f}, not the value the CA asked for (${req.value}).`,
    ],
    'dv.dns.dnssec-failed': [
      `${req.name} の DNSSEC 検証に失敗しました（${f}）。認証機関からもレコードが見えません。DNSの署名（DS/DNSKEY/RRSIG）を修正してください。`,
      `DNSSEC validation failed for ${req.name} (${f}); the CA cannot see the record either. Fix the zone's signatures (DS/DNSKEY/RRSIG).`,
    ],
    'dv.dns.servfail': [
      `${req.name} の問い合わせにDNSサーバーがエラー（SERVFAIL）を返しました。権威DNSサーバーの設定を確認してください。`,
      `The DNS server answered SERVFAIL for ${req.name}; check the authoritative name servers.`,
    ],
    'dv.dns.no-answer': [
      `${req.name} の問い合わせに応答がありませんでした（${f}）。しばらくして再確認してください。`,
      `No answer for ${req.name} (${f}); try again in a while.`,
    ],
  };
  const [ja, en] = m[l.code] ?? [`${req.name}: ${l.code}`, `${req.name}: ${l.code}`];
  return { code: l.code, severity: 'error', message: { ja, en } };
}
