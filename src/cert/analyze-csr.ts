import type { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnSerializer } from '@peculiar/asn1-schema';
import { classifyDer } from './classify-der.js';
import { checkNames } from './domain-rules.js';
import { type FixContext, fixText } from './fix-command.js';
import { wrongInputProblem } from './input-problems.js';
import { checkKey } from './key-rules.js';
import { nameToRecord, requestedExtensions, subjectAltNames } from './names.js';
import { type Finding, finding, hasError, toProblem } from './problem.js';
import { readPublicKey } from './public-key.js';
import { readInput, toPem } from './read-input.js';
import { signatureAlgorithmName, signatureHash, verifySignature } from './signature.js';
import { checkSubject } from './subject-rules.js';
import type { CsrExpectations, CsrInfo, CsrResult, InputWhat } from './types.js';

/**
 * Reads a pasted CSR (PEM, DER, or mangled by chat) and lists every reason the CA would refuse it, each with
 * the fix (PROCESS.md step 3). Synchronous and free of I/O so the flow engine can call it directly.
 */
export function analyzeCsr(input: string | Uint8Array, expect: CsrExpectations = {}): CsrResult {
  const read = readInput(input);
  if (read.kind === 'what') return notCsr(read.what);
  const classified = read.blocks.map((b) => classifyDer(b.der));
  // A private key anywhere in the paste wins: the key is exposed whatever else came with it.
  if (classified.some((c) => c.what === 'private-key')) return notCsr('private-key');
  const found = classified.find((c) => c.what === 'csr');
  if (!found) {
    const first = classified[0]?.what;
    return notCsr(first === undefined || first === 'csr' ? 'garbage' : first);
  }
  return analyzeParsedCsr(found.csr, found.der, expect);
}

function notCsr(what: Exclude<InputWhat, 'csr'>): CsrResult {
  return { kind: 'not-csr', what, problem: wrongInputProblem(what, 'csr') };
}

function analyzeParsedCsr(req: CertificationRequest, der: Uint8Array, expect: CsrExpectations): CsrResult {
  const info = req.certificationRequestInfo;
  const key = readPublicKey(info.subjectPKInfo);
  const subject = nameToRecord(info.subject);
  let sans: string[] = [];
  const findings: Finding[] = [];
  try {
    sans = subjectAltNames(requestedExtensions(info.attributes));
  } catch {
    findings.push(
      finding(
        'csr.extensions-unreadable',
        'error',
        'CSR の拡張領域（SAN など）が壊れていて読めません。',
        'The extensions in the CSR (such as the subjectAltName) are malformed.',
      ),
    );
  }
  const commonName = subject.CN;
  const domain = commonName ?? sans[0];
  const csr: CsrInfo = {
    pem: toPem(der, 'CERTIFICATE REQUEST'),
    ...(commonName === undefined ? {} : { commonName }),
    sans,
    subject,
    ...key.summary,
    signatureAlgorithm: signatureAlgorithmName(req.signatureAlgorithm),
    ...(domain === undefined ? {} : { domain }),
  };

  const tbs = req.certificationRequestInfoRaw
    ? new Uint8Array(req.certificationRequestInfoRaw)
    : new Uint8Array(AsnSerializer.serialize(info));
  findings.push(...checkSignature(req, tbs, key.keyObject));
  findings.push(...checkKey(key, 'csr'));
  findings.push(...checkNames(commonName, sans));
  findings.push(...checkSubject(subject, expect));

  const country = expect.countryCode ?? subject.C;
  // The CSR's own ST and L only where its country is the one the command uses (never California in JP).
  const sameCountry = country?.toUpperCase() === subject.C?.toUpperCase();
  const fixContext: FixContext = {
    ...(domain === undefined ? {} : { domain }),
    organizationName: expect.organizationName ?? subject.O,
    ...(country === undefined ? {} : { countryCode: country }),
    ...(subject.ST === undefined || !sameCountry ? {} : { state: subject.ST }),
    ...(subject.L === undefined || !sameCountry ? {} : { locality: subject.L }),
    ec: key.summary.keyType === 'EC',
  };
  const fix = fixText(fixContext);
  const problems = findings.map((f) => toProblem(f, fix));
  return { kind: 'csr', csr, problems, ok: !hasError(problems) };
}

function checkSignature(
  req: CertificationRequest,
  tbs: Uint8Array,
  key: Parameters<typeof verifySignature>[3],
): Finding[] {
  const name = signatureAlgorithmName(req.signatureAlgorithm);
  const check = verifySignature(req.signatureAlgorithm, tbs, req.signature, key);
  const out: Finding[] = [];
  if (check === 'invalid') {
    out.push(
      finding(
        'csr.signature-invalid',
        'error',
        'CSR の署名が検証できません。CSR が作成後に書き換えられたか、コピーの途中で壊れています。',
        'The CSR signature does not verify: the CSR was altered after it was made, or damaged while copying.',
      ),
    );
  } else if (check === 'unsupported') {
    out.push(
      finding(
        'csr.signature-unsupported',
        'error',
        `CSR の署名アルゴリズム ${name} を検証できません。CA も受け付けない可能性が高いです。`,
        `The CSR signature algorithm ${name} cannot be verified; the CA is unlikely to accept it.`,
      ),
    );
  }
  const hash = signatureHash(req.signatureAlgorithm);
  if (hash === 'sha1' || hash === 'md5') {
    out.push(
      finding(
        'csr.weak-signature-hash',
        'warning',
        `CSR が ${hash.toUpperCase()} で署名されています（${name}）。発行される証明書は CA が SHA-256 で署名しますが、${hash.toUpperCase()} の CSR を受け付けない CA もあるため、-sha256 を付けて作り直すことをおすすめします。`,
        `The CSR is signed with ${hash.toUpperCase()} (${name}). The CA signs the certificate with SHA-256 regardless, but some CAs refuse such CSRs; remake it with -sha256.`,
      ),
    );
  }
  return out;
}
