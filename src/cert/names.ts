import type { Attributes } from '@peculiar/asn1-csr';
import { AsnParser } from '@peculiar/asn1-schema';
import { Extensions, type Name, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { ATTRIBUTE_NAMES, OID } from './oids.js';

/** A distinguished name as `{ CN, O, C, ... }`; repeated attributes are joined with ', '. */
export function nameToRecord(name: Name): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rdn of name) {
    for (const atv of rdn) {
      const key = ATTRIBUTE_NAMES[atv.type] ?? atv.type;
      const value = atv.value.toString();
      out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
    }
  }
  return out;
}

/** The extensions a CSR asks for (PKCS#9 extensionRequest, RFC 2986 / RFC 2985 section 5.4.2). */
export function requestedExtensions(attributes: Attributes | undefined): Extensions | undefined {
  for (const attr of attributes ?? []) {
    if (attr.type !== OID.extensionRequest) continue;
    const value = attr.values[0];
    if (value) return AsnParser.parse(value, Extensions);
  }
  return undefined;
}

/** DNS names and IP addresses from a subjectAltName extension, in order. */
export function subjectAltNames(extensions: Extensions | undefined): string[] {
  const ext = extensions?.find((e) => e.extnID === OID.subjectAltName);
  if (!ext) return [];
  const names = AsnParser.parse(ext.extnValue.buffer, SubjectAlternativeName);
  const out: string[] = [];
  for (const n of names) {
    if (n.dNSName !== undefined) out.push(n.dNSName);
    else if (n.iPAddress !== undefined) out.push(n.iPAddress);
  }
  return out;
}
