import { type DvRequest, dnsRequest, httpRequest, normaliseHost } from './dv-request.js';

/**
 * Reads the values of a file or DNS validation from a CA mail's text, pasted or received: Sectigo's
 * "HTTP-based DCV" (a URL under /.well-known/pki-validation/ and the file's lines: the SHA-256 hash, the
 * CA's domain, an optional unique value) and "CNAME-based DCV" (`_<MD5>.<domain>` pointing to
 * `<SHA-256 halves>[.<unique>].sectigo.com`), and a TXT record given after a "TXT" label. Pure: no I/O.
 * Only what the text states is returned; an ambiguous mail (two different files) yields nothing.
 */
export function readDvInstructions(text: string): DvRequest[] {
  const t = text.replace(/\r\n?/g, '\n').replace(/[\u200b\u00a0]/g, ' ');
  const out: DvRequest[] = [];
  const file = fileIn(t);
  if (file) out.push(file);
  const cname = cnameIn(t);
  if (cname) out.push(cname);
  const txt = txtIn(t);
  if (txt) out.push(txt);
  return out;
}

const FILE_URL = /https?:\/\/([a-z0-9.-]+)(\/\.well-known\/pki-validation\/[A-Za-z0-9._-]+)/gi;

function fileIn(t: string): DvRequest | undefined {
  const urls = new Map<string, [string, string]>();
  for (const m of t.matchAll(FILE_URL)) urls.set(`${normaliseHost(m[1]!)}${m[2]}`, [m[1]!, m[2]!]);
  if (urls.size === 0) return undefined;
  // http and https of one file are one request; two different files are ambiguous.
  const paths = new Set([...urls.values()].map(([, p]) => p));
  const hosts = new Set([...urls.values()].map(([h]) => normaliseHost(h)));
  if (paths.size !== 1 || hosts.size !== 1) return undefined;
  const [[host, path]] = [...urls.values()] as [[string, string]];
  const content = contentIn(t);
  if (!content) return undefined;
  const r = httpRequest(host, path, content);
  return r.ok ? r.request : undefined;
}

/** Sectigo's file body: a 64-hex line, then `sectigo.com` or `comodoca.com`, then an optional token. */
function contentIn(t: string): string | undefined {
  const m =
    /^[ \t>]*([0-9A-Fa-f]{64})[ \t]*\n[ \t>]*((?:sectigo|comodoca)\.com)[ \t]*(?:\n[ \t>]*([A-Za-z0-9]{6,64})[ \t]*)?$/m.exec(
      t,
    );
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((x) => x !== undefined).join('\n');
}

const CNAME_NAME = /(?:^|[\s"'(:：=])(_[0-9a-f]{32}\.(?:[a-z0-9-]+\.)+[a-z]{2,})\.?/gim;
const CNAME_VALUE = /\b([0-9a-f]{32}\.[0-9a-f]{32}\.(?:[a-z0-9]+\.)?(?:sectigo|comodoca)\.com)\.?/gi;

function cnameIn(t: string): DvRequest | undefined {
  const names = new Set([...t.matchAll(CNAME_NAME)].map((m) => normaliseHost(m[1]!)));
  const values = new Set([...t.matchAll(CNAME_VALUE)].map((m) => normaliseHost(m[1]!)));
  if (names.size !== 1 || values.size !== 1) return undefined;
  const r = dnsRequest('cname', [...names][0]!, [...values][0]!);
  return r.ok ? r.request : undefined;
}

const TXT_LINE =
  /TXT\s*(?:record|レコード)?[\s\S]{0,80}?(?:name|ホスト名|名前)\s*[:：]\s*(\S+)[\s\S]{0,200}?(?:value|値|内容)\s*[:：]\s*"?([^\s"]+)"?/i;

function txtIn(t: string): DvRequest | undefined {
  const m = TXT_LINE.exec(t);
  if (!m) return undefined;
  const r = dnsRequest('txt', m[1]!, m[2]!);
  return r.ok ? r.request : undefined;
}
