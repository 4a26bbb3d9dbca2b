import { Buffer } from 'node:buffer';
import { X509Certificate } from 'node:crypto';
import { classifyDer } from './classify-der.js';
import { type Finding, finding } from './problem.js';
import { readInput } from './read-input.js';

/** Reads the supplied chain (intermediates, PEM or DER); `unreadable` when part of it is not a certificate. */
export function readChain(input: string | Uint8Array): {
  certs: Uint8Array[];
  unreadable: boolean;
  privateKey: boolean;
} {
  const read = readInput(input);
  if (read.kind === 'what')
    return { certs: [], unreadable: read.what !== 'empty', privateKey: read.what === 'private-key' };
  const certs: Uint8Array[] = [];
  let unreadable = false;
  let privateKey = false;
  for (const block of read.blocks) {
    const c = classifyDer(block.der);
    if (c.what === 'certificate') certs.push(c.der);
    else {
      unreadable = true;
      privateKey ||= c.what === 'private-key';
    }
  }
  return { certs, unreadable, privateKey };
}

/**
 * Walks from the leaf up through the supplied intermediates: each must have issued the one below it
 * (names match and the signature verifies). The root is not required: the applicant installs the leaf
 * and the intermediate (PROCESS.md step 9), and the browser holds the root.
 */
export function checkChain(leafDer: Uint8Array, chainDers: Uint8Array[], now: Date): Finding[] {
  const leaf = new X509Certificate(Buffer.from(leafDer));
  const pool = chainDers
    .map((d) => new X509Certificate(Buffer.from(d)))
    .filter((c) => c.fingerprint256 !== leaf.fingerprint256);
  const out: Finding[] = [];
  let current = leaf;
  let steps = 0;
  while (pool.length > 0) {
    const from = current;
    const at = pool.findIndex((c) => from.checkIssued(c) && from.verify(c.publicKey));
    if (at < 0) {
      // Same name as the issuer, but not its key: a different (or forged) certificate of that name.
      const namesake = pool.find((c) => c.subject === from.issuer);
      if (namesake) out.push(signatureInvalid(namesake.subject));
      break;
    }
    const issuer = pool.splice(at, 1)[0]!;
    if (new Date(issuer.validTo) < now || new Date(issuer.validFrom) > now) {
      out.push(
        finding(
          'cert.chain-expired',
          'error',
          `中間証明書「${issuer.subject.replace(/\n/g, ', ')}」が有効期間外です（${issuer.validTo} まで）。最新の中間証明書をダウンロードし直してください。`,
          `The intermediate "${issuer.subject.replace(/\n/g, ', ')}" is outside its validity (until ${issuer.validTo}); download the current intermediate.`,
        ),
      );
    }
    current = issuer;
    steps++;
  }
  if (steps === 0 && pool.length > 0 && out.length === 0) {
    out.push(
      finding(
        'cert.chain-mismatch',
        'error',
        `渡された中間証明書はこの証明書の発行者ではありません（この証明書の発行者: ${leaf.issuer.replace(/\n/g, ', ')}）。SSL パネルの「証明書ダウンロード」から、この証明書と同じ画面の中間証明書を取得してください。`,
        `The supplied intermediate did not issue this certificate (its issuer is ${leaf.issuer.replace(/\n/g, ', ')}); download the intermediate shown with this certificate in the SSL panel.`,
      ),
    );
  }
  return out;
}

/** True when the certificate names itself as issuer and its own key verifies it. */
export function isSelfSigned(der: Uint8Array): boolean {
  const cert = new X509Certificate(Buffer.from(der));
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

function signatureInvalid(subject: string): Finding {
  const name = subject.replace(/\n/g, ', ');
  return finding(
    'cert.chain-signature-invalid',
    'error',
    `中間証明書「${name}」は名前は発行者と同じですが、署名が一致しません。正しい中間証明書をダウンロードし直してください。`,
    `The intermediate "${name}" has the issuer's name but its key does not verify the signature; download the right intermediate.`,
  );
}
