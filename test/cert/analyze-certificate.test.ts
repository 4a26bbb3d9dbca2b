import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeCertificate,
  analyzeCsr,
  type CertResult,
  maxValidityDays,
  validityDays,
} from '../../src/cert/index.js';
import { fixture } from './fixtures.js';
import { TestCa } from './test-ca.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

function certOf(result: CertResult) {
  if (result.kind !== 'certificate') throw new Error(`expected a certificate, got ${result.what}`);
  return result;
}
const codes = (r: CertResult) => certOf(r).problems.map((p) => p.code);

describe('maxValidityDays (ballot SC-081)', () => {
  it.each([
    ['2025-06-01T00:00:00Z', 398],
    ['2026-03-14T23:59:59Z', 398],
    ['2026-03-15T00:00:00Z', 200],
    ['2027-03-14T23:59:59Z', 200],
    ['2027-03-15T00:00:00Z', 100],
    ['2029-03-14T23:59:59Z', 100],
    ['2029-03-15T00:00:00Z', 47],
    ['2035-01-01T00:00:00Z', 47],
  ])('issued %s → %i days', (date, days) => {
    expect(maxValidityDays(at(date))).toBe(days);
  });

  it('counts validity inclusively, as the Baseline Requirements do', () => {
    const from = at('2026-04-01T00:00:00Z');
    expect(validityDays(from, new Date(from.getTime() + 200 * DAY - 1000))).toBe(200);
    expect(validityDays(from, new Date(from.getTime() + 200 * DAY))).toBe(201);
  });
});

describe('analyzeCertificate with a test CA', () => {
  let ca: TestCa;
  let leafCsr: string;
  let fingerprint: string;

  beforeAll(() => {
    ca = new TestCa();
    ca.root('root');
    ca.intermediate('inter', 'root', at('2025-01-01T00:00:00Z'), at('2035-01-01T00:00:00Z'));
    ca.intermediate('old-inter', 'root', at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'));
    ca.root('other-root');
    ca.intermediate('other-inter', 'other-root', at('2025-01-01T00:00:00Z'), at('2035-01-01T00:00:00Z'));
    leafCsr = ca.csr('leaf', 'www.sakura-shoji.co.jp');
    const csr = analyzeCsr(ca.read(leafCsr));
    if (csr.kind !== 'csr') throw new Error('test CSR unreadable');
    fingerprint = csr.csr.publicKeyFingerprint;
  });
  afterAll(() => ca.dispose());

  const issue = (from: string, to: string, csr = leafCsr, issuer = 'inter') =>
    ca.read(ca.sign(csr, issuer, at(from), at(to)));

  it('accepts a certificate that matches the CSR and chains to the intermediate', () => {
    const pem = issue('2026-04-01T00:00:00Z', '2026-10-17T23:59:59Z');
    const r = certOf(
      analyzeCertificate(pem, {
        csrFingerprint: fingerprint,
        chain: ca.read('inter.pem'),
        now: at('2026-05-01T00:00:00Z'),
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.cert).toMatchObject({
      notBefore: '2026-04-01T00:00:00.000Z',
      notAfter: '2026-10-17T23:59:59.000Z',
      validityDays: 200,
      keyType: 'EC',
      curve: 'P-256',
      publicKeyFingerprint: fingerprint,
      sans: ['www.sakura-shoji.co.jp'],
      commonName: 'www.sakura-shoji.co.jp',
      issuer: { CN: 'inter.test-ca.invalid' },
      signatureAlgorithm: 'ecdsa-with-SHA256',
    });
    expect(r.cert.serialNumber).toMatch(/^[0-9A-F]+$/);
  });

  it('reads an RSA certificate and a fullchain file (leaf, then intermediate)', () => {
    const rsaCsr = ca.csr('rsa-leaf', 'shop.sakura-shoji.co.jp', 'rsa');
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z', rsaCsr);
    const r = certOf(analyzeCertificate(pem + ca.read('inter.pem'), { now: at('2026-05-01T00:00:00Z') }));
    expect(r.problems).toEqual([]);
    expect(r.cert).toMatchObject({ keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'ecdsa-with-SHA256' });
  });

  it('refuses a certificate whose key is not the CSR key', () => {
    const other = analyzeCsr(fixture('ec-p256.csr'));
    if (other.kind !== 'csr') throw new Error('fixture');
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    const r = analyzeCertificate(pem, {
      csrFingerprint: other.csr.publicKeyFingerprint,
      now: at('2026-05-01T00:00:00Z'),
    });
    expect(codes(r)).toEqual(['cert.key-mismatch']);
    expect(certOf(r).ok).toBe(false);
  });

  it.each([
    ['2025-06-01T00:00:00Z', '2026-07-03T23:59:59Z', []], // 398 days before SC-081
    ['2025-06-01T00:00:00Z', '2026-07-04T23:59:59Z', ['cert.validity-too-long']], // 399
    ['2026-04-01T00:00:00Z', '2026-10-18T00:00:00Z', ['cert.validity-too-long']], // 200 days + 1 s
    ['2027-04-01T00:00:00Z', '2027-07-09T23:59:59Z', []], // 100
    ['2027-04-01T00:00:00Z', '2027-07-10T23:59:59Z', ['cert.validity-too-long']], // 101
    ['2029-04-01T00:00:00Z', '2029-05-17T23:59:59Z', []], // 47
    ['2029-04-01T00:00:00Z', '2029-05-18T23:59:59Z', ['cert.validity-too-long']], // 48
  ])('validity %s → %s: %j', (from, to, expected) => {
    const r = analyzeCertificate(issue(from, to), { now: at(from) });
    expect(codes(r)).toEqual(expected);
  });

  it('reports expired and not-yet-valid certificates relative to now', () => {
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    expect(codes(analyzeCertificate(pem, { now: at('2026-07-01T00:00:00Z') }))).toEqual(['cert.expired']);
    expect(codes(analyzeCertificate(pem, { now: at('2026-03-01T00:00:00Z') }))).toEqual([
      'cert.not-yet-valid',
    ]);
  });

  it('refuses a chain whose intermediate did not issue the certificate', () => {
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    const r = analyzeCertificate(pem, { chain: ca.read('other-inter.pem'), now: at('2026-05-01T00:00:00Z') });
    expect(codes(r)).toEqual(['cert.chain-mismatch']);
  });

  it('walks a chain of intermediate and root, and reports an expired intermediate', () => {
    const good = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    const chain = ca.read('inter.pem') + ca.read('root.pem');
    expect(codes(analyzeCertificate(good, { chain, now: at('2026-05-01T00:00:00Z') }))).toEqual([]);
    const old = issue('2025-06-01T00:00:00Z', '2025-12-01T00:00:00Z', leafCsr, 'old-inter');
    const later = analyzeCertificate(old, {
      chain: ca.read('old-inter.pem'),
      now: at('2026-02-01T00:00:00Z'),
    });
    expect(codes(later)).toEqual(['cert.expired', 'cert.chain-expired']);
  });

  it('detects a forged issuer: same name, different key', () => {
    // A second CA that copies the intermediate's subject: names match, the signature does not.
    const fake = new TestCa();
    try {
      fake.root('root');
      fake.intermediate('inter', 'root', at('2025-01-01T00:00:00Z'), at('2035-01-01T00:00:00Z'));
      const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
      const r = analyzeCertificate(pem, { chain: fake.read('inter.pem'), now: at('2026-05-01T00:00:00Z') });
      expect(codes(r)).toEqual(['cert.chain-signature-invalid']);
    } finally {
      fake.dispose();
    }
  });

  it('flags a self-signed certificate and an unreadable chain', () => {
    const selfSigned = fixture('certificate.pem');
    const r = certOf(analyzeCertificate(selfSigned));
    expect(r.problems.map((p) => p.code)).toContain('cert.self-signed');
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    expect(
      codes(analyzeCertificate(pem, { chain: 'not a certificate', now: at('2026-05-01T00:00:00Z') })),
    ).toEqual(['cert.chain-unreadable']);
  });

  it.each([
    ['rsa2048.csr', 'csr', 'input.csr'],
    ['private-key.pem', 'private-key', 'input.private-key'],
    ['public-key.pem', 'public-key', 'input.public-key'],
    ['garbage.txt', 'garbage', 'input.garbage'],
  ])('says what %s is when a certificate was expected', (file, what, code) => {
    const r = analyzeCertificate(fixture(file));
    expect(r).toMatchObject({ kind: 'not-certificate', what, problem: { code } });
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY-----');
  });

  it('reports a truncated certificate', () => {
    const pem = issue('2026-04-01T00:00:00Z', '2026-06-01T00:00:00Z');
    expect(analyzeCertificate(pem.slice(0, 200))).toMatchObject({ what: 'truncated' });
  });
});
