import type { Text } from './types.js';

/**
 * The shape of the CSR and certificate analysis the engine relies on (implemented in src/cert and passed
 * in), kept structural so the engine stays pure and testable without importing the implementation.
 */
export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  message: Text;
}

export interface CsrFacts {
  pem: string;
  commonName?: string;
  sans: string[];
  domain?: string;
  keyType: string;
  keySize?: number;
  curve?: string;
  signatureAlgorithm: string;
  publicKeyFingerprint: string;
}

export type CsrAnalysis =
  | { kind: 'csr'; ok: boolean; csr: CsrFacts; problems: Problem[] }
  | { kind: 'not-csr'; what: string; problem: Problem };

export type CsrAnalyzer = (
  input: string,
  expect?: { organizationName?: string; countryCode?: string; now?: Date },
) => CsrAnalysis;

export interface CertFacts {
  sans: string[];
  notBefore: string;
  notAfter: string;
  serialNumber: string;
  publicKeyFingerprint: string;
  validityDays: number;
  /** The subject as `{ CN, O, serialNumber, … }` (the EV serialNumber is the company registration number). */
  subject?: Record<string, string>;
}

export type CertAnalysis =
  | { kind: 'certificate'; ok: boolean; cert: CertFacts; problems: Problem[] }
  | { kind: 'not-certificate'; what: string; problem: Problem };

export type CertAnalyzer = (input: string, opts?: { csrFingerprint?: string; now?: Date }) => CertAnalysis;

/** A pasted private key is never stored or echoed (Standards: security). */
export function looksLikePrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /PRIVATE KEY-----/.test(text);
}

export const PRIVATE_KEY_WARNING: Text = {
  ja: '貼り付けられたのは秘密鍵（PRIVATE KEY）です。保存も表示もしていません。秘密鍵は他人に見せてはいけないものなので、この鍵は漏洩したものとして扱い、新しい鍵とCSRを作り直してください:\nopenssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr\nチャットやメールの履歴からも削除してください。貼り付けていただくのは「-----BEGIN CERTIFICATE REQUEST-----」で始まるCSRです。',
  en: 'What you pasted is a private key. It has not been stored or shown. A private key must never be shared: treat this key as compromised and make a new key and CSR:\nopenssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr\nDelete it from the chat or mail history too. What I need is the CSR, starting with "-----BEGIN CERTIFICATE REQUEST-----".',
};
