import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCertificate } from '../../src/cert/index.js';
import { checkSite, type SiteExpectation } from '../../src/check/site-check.js';
import { TestCa } from '../cert/test-ca.js';

/**
 * TLS servers on loopback with a test CA, one per setup: the correct chain, the leaf without its
 * intermediate, another site's certificate, an expired one, the old certificate after a renewal.
 */
let ca: TestCa;
const servers: Server[] = [];
const ports: Record<string, number> = {};
const NOW = new Date();
const day = 86_400_000;
const serials: Record<string, string> = {};
const keys: Record<string, string> = {};

function leaf(name: string, domain: string, from: Date, to: Date): string {
  const csr = ca.csr(name, domain);
  const file = ca.sign(csr, 'inter', from, to);
  const info = analyzeCertificate(ca.read(file));
  if (info.kind !== 'certificate') throw new Error('test CA made no certificate');
  serials[name] = info.cert.serialNumber;
  keys[name] = info.cert.publicKeyFingerprint;
  return file;
}

beforeAll(async () => {
  ca = new TestCa();
  ca.root('root');
  ca.intermediate('inter', 'root', new Date('2020-01-02'), new Date('2039-01-01'));
  const from = new Date(NOW.getTime() - 30 * day);
  const fresh = leaf('new', 'www.example.jp', from, new Date(NOW.getTime() + 170 * day));
  const old = leaf(
    'old',
    'oldsite.example.jp',
    new Date(NOW.getTime() - 190 * day),
    new Date(NOW.getTime() + 10 * day),
  );
  const expired = leaf('expired', 'expired.example.jp', new Date('2024-01-01'), new Date('2024-07-01'));
  const inter = ca.read('inter.pem');
  // One server per setup, no SNI switching: OpenSSL keeps the first context's chain certificates when
  // SNI switches to a context without any, which would hide a missing intermediate.
  const setups: Record<string, [string, string]> = {
    'www.example.jp': ['new', ca.read(fresh) + inter],
    'nointer.example.jp': ['new', ca.read(fresh)],
    'wronghost.example.jp': ['new', ca.read(fresh) + inter],
    'expired.example.jp': ['expired', ca.read(expired) + inter],
    'oldsite.example.jp': ['old', ca.read(old) + inter],
  };
  for (const [host, [key, cert]] of Object.entries(setups)) {
    const server = createServer({ key: ca.read(`${key}.key`), cert }, (socket) => socket.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    ports[host] = (server.address() as AddressInfo).port;
  }
});

afterAll(async () => {
  for (const server of servers) await new Promise((r) => server.close(r));
  ca.dispose();
});

const check = (host: string, expect?: SiteExpectation, setup = host) =>
  checkSite(host, {
    port: ports[setup]!,
    connect: '127.0.0.1',
    ca: [ca.read('root.pem')],
    now: NOW,
    timeoutMs: 3000,
    ...(expect ? { expect } : {}),
  });

describe('checkSite against a local TLS server with a test CA', () => {
  it('passes the correct chain and names the issued certificate', async () => {
    const r = await check('www.example.jp', { serialNumber: serials.new, publicKeyFingerprint: keys.new });
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({
      ok: true,
      hostMatches: true,
      intermediateSent: true,
      trusted: true,
      isIssued: true,
    });
    expect(r.oldStillServed).toBe(false);
    expect(r.certificate.serialNumber).toBe(serials.new);
    expect(r.certificate.daysLeft).toBe(169);
    expect(r.chain.map((c) => c.subject)).toEqual([
      expect.stringContaining('CN=www.example.jp'),
      expect.stringContaining('CN=inter.test-ca.invalid'),
    ]);
    expect(r.problems).toEqual([]);
  });

  it('reports a missing intermediate', async () => {
    const r = await check('www.example.jp', undefined, 'nointer.example.jp');
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({ ok: false, intermediateSent: false, trusted: false });
    expect(r.chain).toHaveLength(1);
    expect(r.problems.map((p) => p.code)).toEqual(['site.intermediate-missing']);
  });

  it('reports a certificate that does not name the host', async () => {
    const r = await check('wronghost.example.jp');
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({ ok: false, hostMatches: false, trusted: true });
    expect(r.problems.map((p) => p.code)).toEqual(['site.host-mismatch']);
    expect(r.problems[0]!.message.en).toContain('www.example.jp');
  });

  it('reports an expired certificate', async () => {
    const r = await check('expired.example.jp');
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({ ok: false, trusted: false, trustError: 'CERT_HAS_EXPIRED' });
    expect(r.certificate.daysLeft).toBeLessThan(0);
    expect(r.problems.map((p) => p.code)).toEqual(['site.expired']);
  });

  it('reports the old certificate still served after a renewal', async () => {
    const r = await check('oldsite.example.jp', {
      serialNumber: serials.new,
      publicKeyFingerprint: keys.new,
      previousSerials: [serials.old!],
    });
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({ ok: false, isIssued: false, oldStillServed: true });
    expect(r.problems.map((p) => p.code)).toEqual(['site.expires-soon', 'site.old-certificate']);
  });

  it('tells an older certificate by its earlier expiry when its serial is not known', async () => {
    const r = await check('oldsite.example.jp', {
      serialNumber: serials.new,
      notAfter: new Date(NOW.getTime() + 170 * day).toISOString(),
    });
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r.oldStillServed).toBe(true);
  });

  it('reports a served key that is not the CSR key', async () => {
    const r = await check('www.example.jp', { publicKeyFingerprint: keys.old });
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r.problems.map((p) => p.code)).toEqual(['site.key-mismatch']);
  });

  it('does not trust a root it was not given', async () => {
    const r = await checkSite('www.example.jp', {
      port: ports['www.example.jp']!,
      connect: '127.0.0.1',
      now: NOW,
      timeoutMs: 3000,
    });
    if (r.kind !== 'served') throw new Error(r.code);
    expect(r).toMatchObject({ ok: false, trusted: false, trustError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    expect(r.problems.map((p) => p.code)).toEqual(['site.untrusted']);
  });

  it('reports a port nothing listens on', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await checkSite('www.example.jp', { port: free, connect: '127.0.0.1' });
    expect(r).toMatchObject({ kind: 'unreachable', ok: false, code: 'ECONNREFUSED' });
  });
});
