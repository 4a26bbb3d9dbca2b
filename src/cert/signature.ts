import { Buffer } from 'node:buffer';
import { constants, type KeyObject, verify } from 'node:crypto';
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { children, decodeOid, readTlv, TAG } from './der.js';
import { SIGNATURE_ALGORITHMS } from './oids.js';

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** The openssl name of a signature algorithm (the OID itself when we do not know it). */
export function signatureAlgorithmName(alg: AlgorithmIdentifier): string {
  const known = SIGNATURE_ALGORITHMS[alg.algorithm];
  if (!known) return alg.algorithm;
  if (known.name === 'rsassaPss') return `rsassaPss (${pssHash(alg.parameters) ?? 'unknown'})`;
  return known.name;
}

/** The digest a signature algorithm uses, e.g. `sha1`; null for EdDSA, undefined when unknown. */
export function signatureHash(alg: AlgorithmIdentifier): string | null | undefined {
  const known = SIGNATURE_ALGORITHMS[alg.algorithm];
  if (known?.name === 'rsassaPss') return pssHash(alg.parameters);
  return known?.hash;
}

/** Verifies a signature synchronously with node:crypto (RSA PKCS#1 v1.5 and PSS, ECDSA, DSA, EdDSA). */
export function verifySignature(
  alg: AlgorithmIdentifier,
  data: Uint8Array,
  signature: ArrayBuffer,
  key: KeyObject | undefined,
): SignatureCheck {
  const known = SIGNATURE_ALGORITHMS[alg.algorithm];
  if (!known || !key) return 'unsupported';
  const sig = Buffer.from(signature);
  try {
    if (known.name === 'rsassaPss') {
      const hash = pssHash(alg.parameters);
      if (!hash) return 'unsupported';
      // MGF1 with the same digest is what every CA and openssl use; the salt length is auto-detected.
      const pss = {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_AUTO,
      };
      return verify(hash, data, pss, sig) ? 'valid' : 'invalid';
    }
    return verify(known.hash, data, key, sig) ? 'valid' : 'invalid';
  } catch {
    return 'unsupported';
  }
}

/** The hashAlgorithm of RSASSA-PSS-params (RFC 4055 section 3.1); SHA-1 when absent, as the RFC says. */
function pssHash(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return 'sha1';
  const bytes = new Uint8Array(parameters);
  const top = readTlv(bytes);
  if (!top.ok) return undefined;
  const fields = children(bytes, top.tlv) ?? [];
  const hashField = fields.find((f) => f.tag === TAG.context0);
  if (!hashField) return 'sha1';
  const algSeq = readTlv(bytes, hashField.start, hashField.end);
  if (!algSeq.ok) return undefined;
  const oid = readTlv(bytes, algSeq.tlv.start, algSeq.tlv.end);
  if (!oid.ok || oid.tlv.tag !== TAG.oid) return undefined;
  return HASHES[decodeOid(bytes.subarray(oid.tlv.start, oid.tlv.end))];
}
