import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { AsnSerializer } from '@peculiar/asn1-schema';
import type { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { decodeOid, readTlv, TAG } from './der.js';
import { CURVES, KEY_TYPES } from './oids.js';
import type { KeySummary } from './types.js';

export interface PublicKey {
  summary: KeySummary;
  /** Undefined when node:crypto cannot load the key (an unknown algorithm or curve). */
  keyObject?: KeyObject;
  rsa?: { n: bigint; e: bigint };
}

/** Reads key type, size or curve and the fingerprint from a SubjectPublicKeyInfo. */
export function readPublicKey(spki: SubjectPublicKeyInfo): PublicKey {
  const der = Buffer.from(AsnSerializer.serialize(spki));
  const oid = spki.algorithm.algorithm;
  const summary: KeySummary = {
    keyType: KEY_TYPES[oid] ?? oid,
    publicKeyFingerprint: createHash('sha256').update(der).digest('hex'),
  };
  let keyObject: KeyObject | undefined;
  try {
    keyObject = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    keyObject = undefined;
  }
  const details = keyObject?.asymmetricKeyDetails;
  if (summary.keyType === 'EC') summary.curve = curveOf(spki.algorithm.parameters);
  else if (details?.modulusLength !== undefined) summary.keySize = details.modulusLength;

  let rsa: PublicKey['rsa'];
  if (keyObject && (summary.keyType === 'RSA' || summary.keyType === 'RSA-PSS')) {
    const jwk = keyObject.export({ format: 'jwk' });
    if (jwk.n && jwk.e) rsa = { n: fromBase64Url(jwk.n), e: fromBase64Url(jwk.e) };
  }
  return { summary, ...(keyObject ? { keyObject } : {}), ...(rsa ? { rsa } : {}) };
}

function curveOf(parameters: ArrayBuffer | null | undefined): string {
  if (!parameters) return 'unknown';
  const bytes = new Uint8Array(parameters);
  const r = readTlv(bytes);
  if (!r.ok || r.tlv.tag !== TAG.oid) return 'explicit-parameters';
  const oid = decodeOid(bytes.subarray(r.tlv.start, r.tlv.end));
  return CURVES[oid] ?? oid;
}

function fromBase64Url(s: string): bigint {
  const hex = Buffer.from(s, 'base64url').toString('hex');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}
