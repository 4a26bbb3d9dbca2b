/** One thing wrong with a CSR or certificate, with a fix-it message in both languages. */
export interface Problem {
  /** Stable identifier, e.g. `csr.wildcard`; never changes wording-wise, safe to branch on. */
  code: string;
  severity: 'error' | 'warning';
  message: { ja: string; en: string };
}

/** What was pasted when it was not what we asked for. */
export type InputWhat =
  | 'csr'
  | 'certificate'
  | 'private-key'
  | 'public-key'
  | 'truncated'
  | 'garbage'
  | 'empty';

/** The public key of a CSR or certificate, as the rules and the flow need it. */
export interface KeySummary {
  keyType: 'RSA' | 'EC' | 'Ed25519' | 'DSA' | string;
  keySize?: number;
  curve?: string;
  /** SHA-256 (hex) of the SubjectPublicKeyInfo DER: the same key gives the same value in CSR and certificate. */
  publicKeyFingerprint: string;
}

export interface CsrInfo extends KeySummary {
  /** Re-encoded canonical PEM (64-column base64, LF line ends). */
  pem: string;
  commonName?: string;
  sans: string[];
  /** Short attribute names (CN, O, OU, C, ST, L, ...); repeated attributes are joined with ', '. */
  subject: Record<string, string>;
  /** e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`. */
  signatureAlgorithm: string;
  /** The certificate's main domain: the CN, or the first SAN without one. */
  domain?: string;
}

export type CsrResult =
  | { kind: 'csr'; csr: CsrInfo; problems: Problem[]; ok: boolean }
  | { kind: 'not-csr'; what: Exclude<InputWhat, 'csr'>; problem: Problem };

export interface CsrExpectations {
  organizationName?: string;
  countryCode?: string;
  now?: Date;
}

export interface CertInfo extends KeySummary {
  pem: string;
  subject: Record<string, string>;
  issuer: Record<string, string>;
  commonName?: string;
  sans: string[];
  domain?: string;
  /** ISO 8601. */
  notBefore: string;
  /** ISO 8601; this is the renewal deadline the flow tracks (PROCESS.md step 9). */
  notAfter: string;
  /** Upper-case hex, as openssl prints it. */
  serialNumber: string;
  signatureAlgorithm: string;
  /** Validity period in days as the Baseline Requirements count it (section 1.6.1, "Validity Period"). */
  validityDays: number;
}

export type CertResult =
  | { kind: 'certificate'; cert: CertInfo; problems: Problem[]; ok: boolean }
  | { kind: 'not-certificate'; what: Exclude<InputWhat, 'certificate'>; problem: Problem };

export interface CertOptions {
  /** `CsrInfo.publicKeyFingerprint` of the application's CSR. */
  csrFingerprint?: string;
  /** The intermediate certificate(s), PEM (several blocks allowed) or DER. */
  chain?: string | Uint8Array;
  now?: Date;
}
