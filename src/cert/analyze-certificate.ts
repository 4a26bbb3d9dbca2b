import { Buffer } from 'node:buffer';
import type { Certificate } from '@peculiar/asn1-x509';
import { checkChain, isSelfSigned, readChain } from './chain.js';
import { classifyDer } from './classify-der.js';
import { wrongInputProblem } from './input-problems.js';
import { checkKey } from './key-rules.js';
import { nameToRecord, subjectAltNames } from './names.js';
import { type Finding, finding, hasError, toProblem } from './problem.js';
import { readPublicKey } from './public-key.js';
import { readInput, toPem } from './read-input.js';
import { signatureAlgorithmName } from './signature.js';
import type { CertInfo, CertOptions, CertResult, InputWhat } from './types.js';
import { maxValidityDays, validityDays } from './validity.js';

/**
 * Checks the issued certificate (PROCESS.md step 9): it carries the application's key, chains to the
 * supplied intermediate, is within its validity and within the CA/Browser Forum cap. Its notAfter is the
 * renewal deadline. Extra certificates after the first in `input` are used as chain when `opts.chain`
 * is not given (a "fullchain" file).
 */
export function analyzeCertificate(input: string | Uint8Array, opts: CertOptions = {}): CertResult {
  const read = readInput(input);
  if (read.kind === 'what') return notCert(read.what);
  const classified = read.blocks.map((b) => classifyDer(b.der));
  if (classified.some((c) => c.what === 'private-key')) return notCert('private-key');
  const certs = classified.flatMap((c) => (c.what === 'certificate' ? [c] : []));
  const leaf = certs[0];
  if (!leaf) {
    const first = classified[0]?.what;
    return notCert(first === undefined || first === 'certificate' ? 'garbage' : first);
  }

  const now = opts.now ?? new Date();
  const cert = certInfo(leaf.cert, leaf.der);
  const findings: Finding[] = [];
  if (opts.csrFingerprint !== undefined && opts.csrFingerprint !== cert.publicKeyFingerprint) {
    findings.push(
      finding(
        'cert.key-mismatch',
        'error',
        'この証明書の公開鍵が申請した CSR の鍵と一致しません。別の申請の証明書か、CSR を作り直した後の古い証明書です。この証明書はサーバーの秘密鍵と組み合わせて使えません。',
        "This certificate's public key does not match the CSR of this application: it belongs to another application or an older CSR, and will not work with the server's private key.",
      ),
    );
  }
  findings.push(...checkDates(cert, now));
  findings.push(...checkKey(readPublicKey(leaf.cert.tbsCertificate.subjectPublicKeyInfo), 'cert'));

  let chainDers = certs.slice(1).map((c) => c.der);
  if (opts.chain !== undefined) {
    const chain = readChain(opts.chain);
    if (chain.privateKey) findings.push(chainPrivateKey());
    else if (chain.unreadable || chain.certs.length === 0) findings.push(chainUnreadable());
    chainDers = [...chain.certs, ...chainDers];
  }
  findings.push(...checkChain(leaf.der, chainDers, now));
  if (chainDers.length === 0 && isSelfSigned(leaf.der)) {
    findings.push(
      finding(
        'cert.self-signed',
        'error',
        'これは自己署名証明書で、CA が発行した証明書ではありません。SSL パネルから発行済みの証明書をダウンロードしてください。',
        'This is a self-signed certificate, not one issued by the CA; download the issued certificate from the SSL panel.',
      ),
    );
  }
  const problems = findings.map((f) => toProblem(f));
  return { kind: 'certificate', cert, problems, ok: !hasError(problems) };
}

function notCert(what: Exclude<InputWhat, 'certificate'>): CertResult {
  return { kind: 'not-certificate', what, problem: wrongInputProblem(what, 'certificate') };
}

function certInfo(c: Certificate, der: Uint8Array): CertInfo {
  const tbs = c.tbsCertificate;
  const key = readPublicKey(tbs.subjectPublicKeyInfo);
  const subject = nameToRecord(tbs.subject);
  let sans: string[] = [];
  try {
    sans = subjectAltNames(tbs.extensions);
  } catch {
    sans = [];
  }
  const notBefore = tbs.validity.notBefore.getTime();
  const notAfter = tbs.validity.notAfter.getTime();
  const domain = subject.CN ?? sans[0];
  return {
    pem: toPem(der, 'CERTIFICATE'),
    subject,
    issuer: nameToRecord(tbs.issuer),
    ...(subject.CN === undefined ? {} : { commonName: subject.CN }),
    sans,
    ...(domain === undefined ? {} : { domain }),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    serialNumber: Buffer.from(tbs.serialNumber)
      .toString('hex')
      .replace(/^(00)+(?=.)/, '')
      .toUpperCase(),
    ...key.summary,
    signatureAlgorithm: signatureAlgorithmName(c.signatureAlgorithm),
    validityDays: validityDays(notBefore, notAfter),
  };
}

function checkDates(cert: CertInfo, now: Date): Finding[] {
  const out: Finding[] = [];
  const notBefore = new Date(cert.notBefore);
  const cap = maxValidityDays(notBefore);
  if (cert.validityDays > cap) {
    out.push(
      finding(
        'cert.validity-too-long',
        'error',
        `有効期間が ${cert.validityDays} 日あり、${cert.notBefore.slice(0, 10)} 発行の証明書の上限 ${cap} 日を超えています（CA/Browser Forum Ballot SC-081）。ブラウザーに拒否されるため、CA に再発行を依頼してください。`,
        `The validity period is ${cert.validityDays} days, over the ${cap}-day limit for certificates issued on ${cert.notBefore.slice(0, 10)} (CA/Browser Forum ballot SC-081); browsers will reject it, so ask the CA to reissue.`,
      ),
    );
  }
  if (now < notBefore) {
    out.push(
      finding(
        'cert.not-yet-valid',
        'error',
        `この証明書はまだ有効ではありません（${cert.notBefore} から有効）。サーバーの時計も確認してください。`,
        `This certificate is not valid yet (valid from ${cert.notBefore}); check the server clock too.`,
      ),
    );
  }
  if (now > new Date(cert.notAfter)) {
    out.push(
      finding(
        'cert.expired',
        'error',
        `この証明書は ${cert.notAfter} に期限切れになっています。更新申請をしてください。`,
        `This certificate expired on ${cert.notAfter}; apply for renewal.`,
      ),
    );
  }
  return out;
}

function chainUnreadable(): Finding {
  return finding(
    'cert.chain-unreadable',
    'error',
    '中間証明書として読めませんでした。-----BEGIN CERTIFICATE----- で始まる中間証明書を貼ってください。',
    'The intermediate could not be read; supply the intermediate certificate (it starts with -----BEGIN CERTIFICATE-----).',
  );
}

function chainPrivateKey(): Finding {
  const p = wrongInputProblem('private-key', 'certificate');
  return { code: p.code, severity: p.severity, ja: p.message.ja, en: p.message.en };
}
