import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnParser } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { children, readTlv, TAG, type Tlv } from './der.js';
import type { InputWhat } from './types.js';

export type Classified =
  | { what: 'csr'; csr: CertificationRequest; der: Uint8Array }
  | { what: 'certificate'; cert: Certificate; der: Uint8Array }
  | { what: Exclude<InputWhat, 'csr' | 'certificate' | 'empty'> };

/** Says what a DER blob is: a CSR or certificate (parsed), a key of some kind, cut short, or neither. */
export function classifyDer(der: Uint8Array): Classified {
  const top = readTlv(der);
  if (!top.ok)
    return { what: top.reason === 'truncated' && der[0] === TAG.sequence ? 'truncated' : 'garbage' };
  if (top.tlv.tag !== TAG.sequence) return { what: 'garbage' };
  const exact = top.tlv.end === der.length ? der : der.subarray(0, top.tlv.end);
  try {
    return { what: 'csr', csr: AsnParser.parse(exact, CertificationRequest), der: exact };
  } catch {
    // not a CSR; try the next shape
  }
  try {
    return { what: 'certificate', cert: AsnParser.parse(exact, Certificate), der: exact };
  } catch {
    // not a certificate either
  }
  const kids = children(der, top.tlv);
  if (!kids) return { what: 'garbage' };
  return { what: keyShape(kids) ?? 'garbage' };
}

function tags(kids: Tlv[]): string {
  return kids.map((k) => k.tag.toString(16).padStart(2, '0')).join(' ');
}

/** Recognises the usual key encodings by their outline, without decoding (and never keeping) a key. */
function keyShape(kids: Tlv[]): 'private-key' | 'public-key' | undefined {
  const t = tags(kids);
  if (t === '30 03') return 'public-key'; // SubjectPublicKeyInfo (RFC 5280)
  if (t === '02 02') return 'public-key'; // RSAPublicKey (PKCS#1)
  if (/^02 30 04/.test(t)) return 'private-key'; // PrivateKeyInfo / OneAsymmetricKey (PKCS#8, RFC 5958)
  if (t === '30 04') return 'private-key'; // EncryptedPrivateKeyInfo (PKCS#8)
  if (/^(02 ){5,}02$/.test(t)) return 'private-key'; // RSAPrivateKey (9 integers) or DSA (6)
  if (/^02 04( a0)?( a1)?$/.test(t)) return 'private-key'; // ECPrivateKey (SEC 1)
  return undefined;
}
