import type { Text } from '../flow/types.js';

/**
 * The values a CA gave for domain validation other than email (BR 3.2.2.4.18 file on the web site,
 * 3.2.2.4.7 DNS change): a file under `/.well-known/pki-validation/` with a given content, or a CNAME or
 * TXT record with a given value.
 */
export type DvRequest =
  | { method: 'http'; domain: string; path: string; content: string }
  | { method: 'cname' | 'txt'; name: string; value: string };

export type DvRequestResult = { ok: true; request: DvRequest } | { ok: false; code: string; message: Text };

/** The folder BR 3.2.2.4.18 names; the CA fetches nothing else. */
export const PKI_VALIDATION = '/.well-known/pki-validation/';

const HOST = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

export function normaliseHost(s: string): string {
  return s.trim().toLowerCase().replace(/\.$/, '');
}

function bad(code: string, ja: string, en: string): DvRequestResult {
  return { ok: false, code, message: { ja, en } };
}

/**
 * Checks and normalises a file-based request: `file` may be the file name the CA gave (`ABC123.txt`),
 * its path, or the whole URL (then its host must be `domain`).
 */
export function httpRequest(domain: string, file: string, content: string): DvRequestResult {
  const host = normaliseHost(domain);
  if (host.startsWith('*.')) {
    return bad(
      'dv.wildcard-file',
      'ワイルドカード証明書（*.）はファイル認証では確認できません（BR 3.2.2.4.18）。DNS認証（CNAME/TXT）を選んでください。',
      'A wildcard (*.) cannot be validated with a file (BR 3.2.2.4.18); choose DNS validation (CNAME/TXT) instead.',
    );
  }
  if (!HOST.test(host)) {
    return bad(
      'dv.domain',
      `「${domain.trim()}」はドメイン名として読めません（例: www.example.co.jp）。`,
      `"${domain.trim()}" is not a domain name (e.g. www.example.co.jp).`,
    );
  }
  let path = file.trim();
  if (/^https?:\/\//i.test(path)) {
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return bad('dv.file', 'ファイルのURLが読めません。', 'The file URL cannot be read.');
    }
    if (normaliseHost(url.hostname) !== host) {
      return bad(
        'dv.file-host',
        `ファイルのURLのホスト（${url.hostname}）が確認するドメイン（${host}）と違います。`,
        `The file URL's host (${url.hostname}) is not the domain being validated (${host}).`,
      );
    }
    path = url.pathname;
  }
  if (!path.includes('/')) path = `${PKI_VALIDATION}${path}`;
  if (!path.startsWith('/')) path = `/${path}`;
  const name = path.slice(PKI_VALIDATION.length);
  if (!path.startsWith(PKI_VALIDATION) || name === '' || name.includes('/')) {
    return bad(
      'dv.file-path',
      `認証ファイルは ${PKI_VALIDATION} の直下に置きます（BR 3.2.2.4.18）。認証機関が指定したファイル名（例: 1A2B3C….txt）を入力してください。`,
      `The validation file lives directly in ${PKI_VALIDATION} (BR 3.2.2.4.18); give the file name the CA stated (e.g. 1A2B3C….txt).`,
    );
  }
  if (normaliseContent(content) === '') {
    return bad(
      'dv.file-content',
      '認証ファイルの内容（認証機関が指定した文字列）を入力してください。',
      'Give the file content the CA stated.',
    );
  }
  return { ok: true, request: { method: 'http', domain: host, path, content } };
}

/** Checks and normalises a DNS request; the record name must be a full name (`_abc.example.co.jp`). */
export function dnsRequest(type: 'cname' | 'txt', name: string, value: string): DvRequestResult {
  const n = normaliseHost(name);
  if (!HOST.test(n)) {
    return bad(
      'dv.record-name',
      `「${name.trim()}」はレコード名として読めません。認証機関が指定した名前をドメインまで含めて入力してください（例: _1a2b3c….example.co.jp）。`,
      `"${name.trim()}" is not a record name; give the name the CA stated, with the domain (e.g. _1a2b3c….example.co.jp).`,
    );
  }
  const v = type === 'cname' ? normaliseHost(value) : unquote(value);
  if (v === '' || (type === 'cname' && !HOST.test(v))) {
    return bad(
      'dv.record-value',
      type === 'cname'
        ? 'CNAMEの値（向け先のホスト名、例: ….sectigo.com）を入力してください。'
        : 'TXTレコードの値を入力してください。',
      type === 'cname'
        ? 'Give the CNAME value (the host name it points to, e.g. ….sectigo.com).'
        : 'Give the TXT record value.',
    );
  }
  return { ok: true, request: { method: type, name: n, value: v } };
}

/** A TXT value as typed into a DNS panel, surrounding quotes and spaces aside. */
export function unquote(s: string): string {
  return s.trim().replace(/^"(.*)"$/s, '$1');
}

/** File content as compared: BOM, CR and trailing spaces dropped, blank lines at either end dropped. */
export function normaliseContent(s: string): string {
  return s
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
