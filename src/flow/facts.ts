import type { Text } from './types.js';

/**
 * What the engine is told about the world, as plain data: read by adapters outside src/flow (the CA
 * mails, Certificate Transparency, the corporate number registry, the live site check) and handed in
 * through an inbound event or EngineDeps. Only types and one list: any module may import this one.
 */

/** The CA and hosting-company mails of steps 5-9 (PROCESS.md), as src/camail recognises them. */
export const CA_MAIL_KINDS = [
  'approval-request',
  'dcv',
  'subscriber-agreement',
  'documents',
  'callback',
  'certificate-issued',
] as const;
export type CaMailKind = (typeof CA_MAIL_KINDS)[number];

/**
 * What one CA mail carried, as plain data (the recogniser in src/camail reads the mail; the engine
 * only sees this). `verificationCode` is a secret: kept in `app.ca` until its step is done, never logged.
 */
export interface CaMailFacts {
  kind: CaMailKind;
  /** Sender on an expected domain and, where Authentication-Results was present, a DKIM/DMARC pass. */
  trusted: boolean;
  /** Stable reason code, e.g. `dmarc=pass`, `sender-domain`, `pasted`, `lookalike-sender`, `auth-fail`. */
  trustReason: string;
  /** The sender's domain (never the address: that may be a person's). */
  senderDomain?: string;
  url?: string;
  verificationCode?: string;
  orderNumber?: string;
  domain?: string;
  /** Documents mail: a request to send them, or a rejection of what was sent. */
  documents?: 'requested' | 'rejected';
  /** Callback mail: the date and time it proposes, as written. */
  callbackAt?: string;
}

/**
 * A certificate seen in Certificate Transparency, as plain data (src/ct reads the CT source; the engine
 * only sees this). Every publicly trusted certificate, and its precertificate, is logged before or at
 * issuance (RFC 6962; Chrome and Apple CT policies), often before the CA's download mail arrives.
 */
export interface CtIssuanceFacts {
  /** SHA-256 of the TBS certificate without the CT poison and SCT extensions: one for precert and cert. */
  tbsSha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo (hex): the application's CSR key when it is our certificate. */
  pubkeySha256: string;
  dnsNames: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
}

/** What the application remembers of the issuance it was told about ("issued per CT"). */
export interface CtSeen {
  tbsSha256: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  seenAt: string;
}

/**
 * What the National Tax Agency's corporate number registry (Web-API v4) says about a number, as plain
 * data. Fetched outside the flow (src/corpnum); the flow only peeks at what is already known.
 */
export interface RegistryRecord {
  corporateNumber: string;
  name: string;
  furigana?: string;
  enName?: string;
  /** NTA `kind`: 101 national agency, 201 local government, 301-305/399 registered companies, 401 foreign… */
  kind?: string;
  prefectureName?: string;
  cityName?: string;
  streetNumber?: string;
  enPrefectureName?: string;
  enCityName?: string;
  enAddressOutside?: string;
  postCode?: string;
  /** NTA `closeDate`: the corporation was closed (merged, liquidated…). */
  closeDate?: string;
}

/**
 * `pending`: being looked up right now (the flow never waits: the result shows on a later turn);
 * `unavailable`: the registry could not be asked (timeout, error, circuit open, lookup not configured).
 */
export type RegistryLookup =
  | { status: 'found'; record: RegistryRecord }
  | { status: 'not-found' }
  | { status: 'pending' }
  | { status: 'unavailable' };

/**
 * The live check after installation, as the engine sees it: plain facts the adapter fetched over the
 * network before the turn (src/check/site-check.ts), read through `EngineDeps.siteCheck`. The engine
 * offers the check when the certificate is issued and answers "check site" on an issued application.
 */
export interface SiteCheckFacts {
  host: string;
  ok: boolean;
  /** Set when no TLS connection could be made (e.g. `ECONNREFUSED`). */
  unreachable?: string;
  daysLeft?: number;
  serialNumber?: string;
  problems: Array<{ code: string; severity: 'error' | 'warning'; message: Text }>;
}
