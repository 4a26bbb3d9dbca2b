import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { type Finding, finding } from './problem.js';

// Names no public CA can validate: RFC 6762 (.local), RFC 6761 special-use names, ICANN's reserved
// .internal (2024), RFC 8375 (home.arpa), and the private suffixes people commonly use on a LAN.
// EV Guidelines 9.2.1 / Baseline Requirements 7.1.2.7.12 forbid internal names.
const INTERNAL_SUFFIXES = [
  'local',
  'localhost',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'private',
  'test',
  'example',
  'invalid',
  'home.arpa',
];
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The rules on the domain names a CSR asks for (its CN and SANs). */
export function checkNames(commonName: string | undefined, sans: string[]): Finding[] {
  const out: Finding[] = [];
  const names = [...new Set([...(commonName === undefined ? [] : [commonName]), ...sans])];
  if (names.length === 0) {
    out.push(
      finding(
        'csr.no-domain',
        'error',
        'CSR にドメイン名（CN も SAN も）がありません。',
        'The CSR names no domain (neither a common name nor a subjectAltName).',
      ),
    );
  }
  for (const name of names) out.push(...checkName(name));
  const sanSet = new Set(sans.map((s) => s.toLowerCase()));
  if (commonName !== undefined && sans.length > 0 && !sanSet.has(commonName.toLowerCase())) {
    out.push(
      finding(
        'csr.cn-not-in-sans',
        'error',
        `コモンネーム ${commonName} が SAN（${sans.join(', ')}）に含まれていません。CN と同じ名前を SAN にも入れてください（Baseline Requirements 7.1.4.3）。`,
        `The common name ${commonName} is not among the subjectAltNames (${sans.join(', ')}); the CN must also be a SAN (Baseline Requirements 7.1.4.3).`,
      ),
    );
  }
  return out;
}

function checkName(raw: string): Finding[] {
  const name = raw.trim();
  if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) {
    return [
      finding(
        'csr.ip-address',
        'error',
        `IP アドレス ${name} は EV 証明書に入れられません（EV Guidelines 9.2.1）。ドメイン名を使ってください。`,
        `The IP address ${name} cannot appear in an EV certificate (EV Guidelines 9.2.1); use a domain name.`,
      ),
    ];
  }
  if (name.includes('*')) {
    return [
      finding(
        'csr.wildcard',
        'error',
        `ワイルドカード ${name} は EV 証明書では使えません（EV Guidelines 7.1.2.1）。${name.replace(/^\*\./, 'www.')} のように 1 つずつ名前を指定してください。`,
        `The wildcard ${name} is not allowed in an EV certificate (EV Guidelines 7.1.2.1); name each host, e.g. ${name.replace(/^\*\./, 'www.')}.`,
      ),
    ];
  }
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    const hint = ascii ? ascii : '(xn-- 形式)';
    return [
      finding(
        'csr.domain-not-ascii',
        'error',
        `日本語ドメイン ${name} は Punycode（${hint}）で CSR に入れてください。`,
        `The internationalised domain ${name} must be written in Punycode (${ascii || 'xn--...'}) in the CSR.`,
      ),
    ];
  }
  const lower = name.toLowerCase();
  const labels = lower.split('.');
  if (labels.length === 1 || INTERNAL_SUFFIXES.some((s) => lower === s || lower.endsWith(`.${s}`))) {
    return [
      finding(
        'csr.internal-name',
        'error',
        `${name} は社内用・予約済みの名前で、インターネット上の公開ドメインではないため証明書に入れられません（Baseline Requirements 7.1.2.7.12）。公開しているドメイン名（例: www.会社名.co.jp）を使ってください。`,
        `${name} is an internal or reserved name, not a public domain, so no CA can include it (Baseline Requirements 7.1.2.7.12); use the public domain name (e.g. www.yourcompany.co.jp).`,
      ),
    ];
  }
  if (lower.length > 253 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) ?? '')) {
    return [
      finding(
        'csr.domain-invalid',
        'error',
        `${name} はドメイン名として正しくありません（英数字とハイフン、ドット区切り。空白・下線・末尾のドットは不可）。`,
        `${name} is not a valid domain name (letters, digits and hyphens separated by dots; no spaces, underscores or trailing dot).`,
      ),
    ];
  }
  return [];
}
