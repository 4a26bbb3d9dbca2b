import { type Finding, finding } from './problem.js';

export interface SubjectExpectations {
  organizationName?: string;
  countryCode?: string;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Compares organisation names the way a reviewer would: full-width to half-width (NFKC), case, spaces
 * and punctuation ignored, `&` read as `and`. "Sakura Shoji Co.,Ltd." equals "SAKURA SHOJI CO., LTD".
 */
export function normaliseOrganizationName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9\p{L}\p{N}]/gu, '');
}

/** The rules on the CSR subject against the organisation (EV Guidelines 7.1.4.2). */
export function checkSubject(subject: Record<string, string>, expect: SubjectExpectations): Finding[] {
  const out: Finding[] = [];
  const o = subject.O;
  if (o === undefined) {
    out.push(
      finding(
        'csr.organization-missing',
        'warning',
        'CSR に組織名（O）がありません。登記上の英文社名を O に入れてください。',
        'The CSR has no organisation name (O); put the registered English company name in O.',
      ),
    );
  } else if (!PRINTABLE_ASCII.test(o)) {
    out.push(
      finding(
        'csr.organization-not-ascii',
        'error',
        `組織名（O）「${o}」に英数字以外の文字があります。定款のローマ字商号（英文社名）を半角英数字で入れてください。`,
        `The organisation name (O) "${o}" is not plain ASCII; use the romanised (English) trade name from the articles of incorporation.`,
      ),
    );
  } else if (
    expect.organizationName !== undefined &&
    normaliseOrganizationName(o) !== normaliseOrganizationName(expect.organizationName)
  ) {
    out.push(
      finding(
        'csr.organization-mismatch',
        'error',
        `CSR の組織名（O）「${o}」が申請する組織名「${expect.organizationName}」と一致しません。`,
        `The CSR's organisation name (O) "${o}" does not match the organisation applying, "${expect.organizationName}".`,
      ),
    );
  }
  out.push(...checkCountry(subject.C, expect.countryCode));
  if (subject.OU !== undefined) {
    out.push(
      finding(
        'csr.ou-present',
        'warning',
        `部署名（OU）「${subject.OU}」は SSL 証明書に入れられなくなりました（Baseline Requirements 7.1.2.7.2）。CA は削除するか拒否します。OU なしで作り直すことをおすすめします。`,
        `The organisational unit (OU) "${subject.OU}" is no longer allowed in TLS certificates (Baseline Requirements 7.1.2.7.2); the CA drops it or refuses the CSR. Make the CSR without OU.`,
      ),
    );
  }
  const nonAscii = Object.entries(subject).filter(
    ([k, v]) => k !== 'O' && k !== 'CN' && !PRINTABLE_ASCII.test(v),
  );
  if (nonAscii.length > 0) {
    const fields = nonAscii.map(([k, v]) => `${k}=${v}`).join(', ');
    out.push(
      finding(
        'csr.subject-not-ascii',
        'warning',
        `サブジェクトに日本語などの文字があります（${fields}）。申請フォームはローマ字入力のため、半角英数字にそろえてください。`,
        `The subject has non-ASCII text (${fields}); the application form takes romanised values, so use ASCII here too.`,
      ),
    );
  }
  return out;
}

function checkCountry(c: string | undefined, expected: string | undefined): Finding[] {
  if (c === undefined) {
    return [
      finding(
        'csr.country-missing',
        'warning',
        'CSR に国コード（C）がありません。日本なら C=JP を入れてください。',
        'The CSR has no country code (C); for Japan use C=JP.',
      ),
    ];
  }
  if (!/^[A-Z]{2}$/.test(c)) {
    return [
      finding(
        'csr.country-invalid',
        'error',
        `国コード（C）「${c}」は ISO 3166 の 2 文字の大文字コードではありません（日本は JP）。`,
        `The country code (C) "${c}" is not a two-letter upper-case ISO 3166 code (Japan is JP).`,
      ),
    ];
  }
  if (expected !== undefined && c !== expected.trim().toUpperCase()) {
    return [
      finding(
        'csr.country-mismatch',
        'error',
        `CSR の国コード（C）「${c}」が申請の国コード「${expected.toUpperCase()}」と違います。`,
        `The CSR's country code (C) "${c}" differs from the application's country code "${expected.toUpperCase()}".`,
      ),
    ];
  }
  return [];
}
