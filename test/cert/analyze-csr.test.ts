import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeCsr, type CsrResult } from '../../src/cert/index.js';
import { fixture, fixtureBytes, ORG } from './fixtures.js';

function csrOf(result: CsrResult) {
  if (result.kind !== 'csr') throw new Error(`expected a CSR, got ${result.what}`);
  return result;
}

const codes = (r: CsrResult) => csrOf(r).problems.map((p) => `${p.code}:${p.severity}`);

describe('analyzeCsr: good CSRs', () => {
  it.each([
    ['rsa2048.csr', 'RSA', 2048, undefined, 'sha256WithRSAEncryption'],
    ['rsa3072.csr', 'RSA', 3072, undefined, 'sha256WithRSAEncryption'],
    ['ec-p256.csr', 'EC', undefined, 'P-256', 'ecdsa-with-SHA256'],
    ['ec-p384.csr', 'EC', undefined, 'P-384', 'ecdsa-with-SHA384'],
    ['rsa-pss.csr', 'RSA', 2048, undefined, 'rsassaPss (sha256)'],
  ])('%s passes with no problem', (file, keyType, keySize, curve, sigAlg) => {
    const r = csrOf(analyzeCsr(fixture(file), ORG));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.csr).toMatchObject({
      keyType,
      ...(keySize === undefined ? {} : { keySize }),
      ...(curve === undefined ? {} : { curve }),
      signatureAlgorithm: sigAlg,
      commonName: 'www.sakura-shoji.co.jp',
      domain: 'www.sakura-shoji.co.jp',
      sans: ['www.sakura-shoji.co.jp', 'sakura-shoji.co.jp'],
      subject: {
        C: 'JP',
        ST: 'Tokyo',
        L: 'Chiyoda-ku',
        O: 'Sakura Shoji Co., Ltd.',
        CN: 'www.sakura-shoji.co.jp',
      },
    });
  });

  it('reads a CSR without SANs and takes the CN as the domain', () => {
    const r = csrOf(analyzeCsr(fixture('rsa2048-no-san.csr'), ORG));
    expect(r.ok).toBe(true);
    expect(r.csr.sans).toEqual([]);
    expect(r.csr.domain).toBe('www.sakura-shoji.co.jp');
  });

  it('gives the fingerprint openssl gives for the SPKI, and canonical PEM that openssl verifies', () => {
    const pem = fixture('ec-p256.csr');
    const r = csrOf(analyzeCsr(pem));
    const spki = execFileSync('openssl', ['req', '-noout', '-pubkey'], { input: pem });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: spki });
    const expected = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der })
      .toString()
      .split(' ')[0];
    expect(r.csr.publicKeyFingerprint).toBe(expected);
    expect(r.csr.pem).toBe(pem);
    expect(
      execFileSync('openssl', ['req', '-noout', '-verify'], { input: r.csr.pem, stdio: 'pipe' }),
    ).toBeDefined();
  });

  it('matches the organisation ignoring case, spaces and punctuation', () => {
    const r = analyzeCsr(fixture('rsa2048.csr'), {
      organizationName: 'SAKURA SHOJI CO.,LTD',
      countryCode: 'jp',
    });
    expect(codes(r)).toEqual([]);
  });
});

describe('analyzeCsr: how people paste', () => {
  it.each([
    ['slack-paste.txt', 'code fences, CRLF, indentation, text before, no final newline'],
    ['one-line-paste.txt', 'newlines collapsed to spaces'],
    ['bare-base64.txt', 'no BEGIN/END lines'],
  ])('reads %s (%s)', (file) => {
    expect(csrOf(analyzeCsr(fixture(file), ORG)).ok).toBe(true);
  });

  it('reads DER bytes', () => {
    const r = csrOf(analyzeCsr(fixtureBytes('rsa2048.csr.der'), ORG));
    expect(r.ok).toBe(true);
    expect(r.csr.pem).toBe(fixture('rsa2048.csr'));
  });

  it('reads PEM given as bytes, with Slack quoting and no-break spaces', () => {
    const quoted = fixture('rsa2048.csr')
      .split('\n')
      .map((l) => `> ${l}\u00a0`)
      .join('\n');
    expect(csrOf(analyzeCsr(Buffer.from(quoted), ORG)).ok).toBe(true);
  });
});

describe('analyzeCsr: the rules', () => {
  it.each([
    ['wildcard.csr', ['csr.wildcard:error']],
    ['ip-san.csr', ['csr.ip-address:error']],
    ['ip-cn.csr', ['csr.ip-address:error']],
    ['local-name.csr', ['csr.internal-name:error', 'csr.internal-name:error']],
    ['single-label.csr', ['csr.internal-name:error']],
    ['rsa1024.csr', ['csr.rsa-key-too-small:error']],
    ['rsa2047.csr', ['csr.rsa-key-too-small:error']],
    ['ec-p521.csr', ['csr.ec-p521:warning']],
    ['ec-secp256k1.csr', ['csr.ec-curve-unsupported:error']],
    ['ed25519.csr', ['csr.key-type-unsupported:error']],
    ['dsa.csr', ['csr.key-type-unsupported:error']],
    ['rsa-sha1.csr', ['csr.weak-signature-hash:warning']],
    ['rsa-md5.csr', ['csr.weak-signature-hash:warning']],
    ['cn-not-in-sans.csr', ['csr.cn-not-in-sans:error']],
    ['ou-present.csr', ['csr.ou-present:warning']],
    ['japanese-o.csr', ['csr.organization-not-ascii:error']],
    ['wrong-c.csr', ['csr.country-mismatch:error']],
    ['other-org.csr', ['csr.organization-mismatch:error']],
    ['weak-fermat.csr', ['csr.weak-key-fermat:error']],
    ['weak-roca.csr', ['csr.weak-key-roca:error']],
    ['tampered.csr', ['csr.signature-invalid:error', 'csr.organization-mismatch:error']],
  ])('%s → %j', (file, expected) => {
    const r = csrOf(analyzeCsr(fixture(file), ORG));
    expect(codes(r)).toEqual(expected);
    expect(r.ok).toBe(!expected.some((c) => c.endsWith(':error')));
  });

  it('reads key details of refused keys', () => {
    expect(csrOf(analyzeCsr(fixture('ed25519.csr'))).csr).toMatchObject({
      keyType: 'Ed25519',
      signatureAlgorithm: 'ED25519',
    });
    expect(csrOf(analyzeCsr(fixture('dsa.csr'))).csr).toMatchObject({ keyType: 'DSA', keySize: 2048 });
    expect(csrOf(analyzeCsr(fixture('ec-p521.csr'))).csr).toMatchObject({ keyType: 'EC', curve: 'P-521' });
    expect(csrOf(analyzeCsr(fixture('rsa-md5.csr'))).csr.signatureAlgorithm).toBe('md5WithRSAEncryption');
  });

  it('skips the organisation and country comparison when nothing is expected', () => {
    expect(codes(analyzeCsr(fixture('other-org.csr')))).toEqual([]);
    expect(codes(analyzeCsr(fixture('wrong-c.csr')))).toEqual([]);
  });

  it('explains every problem in both languages with the openssl command, filled in for the applicant', () => {
    const r = csrOf(analyzeCsr(fixture('wildcard.csr'), ORG));
    const [p] = r.problems;
    expect(p?.message.en).toContain('EV Guidelines 7.1.2.1');
    expect(p?.message.ja).toContain('ワイルドカード');
    for (const text of [p?.message.en, p?.message.ja]) {
      expect(text).toContain(
        'openssl req -new -newkey rsa:2048 -nodes -sha256 -keyout www.sakura-shoji.co.jp.key -out www.sakura-shoji.co.jp.csr',
      );
      expect(text).toContain('/O=Sakura Shoji Co., Ltd./CN=www.sakura-shoji.co.jp');
    }
    const ec = csrOf(analyzeCsr(fixture('ec-p521.csr'), ORG));
    expect(ec.problems[0]?.message.en).toContain('-newkey ec -pkeyopt ec_paramgen_curve:P-256');
  });

  it('asks for Punycode for a Japanese domain name', () => {
    const pem = execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        '/dev/null',
        '-utf8',
        '-subj',
        '/C=JP/O=Sakura Shoji Co., Ltd./CN=さくら.jp',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString();
    const r = csrOf(analyzeCsr(pem, ORG));
    expect(codes(r)).toEqual(['csr.domain-not-ascii:error']);
    expect(r.problems[0]?.message.en).toContain('xn--');
  });
});

describe('analyzeCsr: the wrong thing pasted', () => {
  it.each([
    ['certificate.pem', 'certificate', 'input.certificate'],
    ['public-key.pem', 'public-key', 'input.public-key'],
    ['truncated.csr', 'truncated', 'input.truncated'],
    ['truncated-no-end.csr', 'truncated', 'input.truncated'],
    ['garbage.txt', 'garbage', 'input.garbage'],
  ])('%s is reported as %s', (file, what, code) => {
    const r = analyzeCsr(fixture(file));
    expect(r).toMatchObject({ kind: 'not-csr', what, problem: { code, severity: 'error' } });
  });

  it('reports empty input', () => {
    expect(analyzeCsr('  \n```\n```  ')).toMatchObject({ kind: 'not-csr', what: 'empty' });
    expect(analyzeCsr(new Uint8Array())).toMatchObject({ kind: 'not-csr', what: 'empty' });
  });

  it('reports a DER CSR cut short as truncated', () => {
    expect(analyzeCsr(fixtureBytes('rsa2048.csr.der').subarray(0, 300))).toMatchObject({ what: 'truncated' });
  });

  it('reports an SSH public key as a public key', () => {
    expect(analyzeCsr('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA user@host')).toMatchObject({
      what: 'public-key',
    });
  });

  it.each([['private-key.pem'], ['private-key-rsa.pem'], ['private-key-ec.pem']])(
    'never echoes a pasted private key (%s) and says to treat it as compromised',
    (file) => {
      const text = fixture(file);
      // The key pasted alone, next to a CSR, cut in half, and as DER.
      const inputs: (string | Uint8Array)[] = [
        text,
        `${fixture('rsa2048.csr')}\n${text}`,
        text.slice(0, 300),
      ];
      for (const input of inputs) {
        const r = analyzeCsr(input);
        expect(r).toMatchObject({
          kind: 'not-csr',
          what: 'private-key',
          problem: { code: 'input.private-key' },
        });
        const json = JSON.stringify(r);
        const body = text.split('\n').sort((a, b) => b.length - a.length)[0] ?? '';
        expect(body.length).toBeGreaterThan(40);
        expect(json).not.toContain(body);
        expect(json).not.toContain('PRIVATE KEY-----');
        if (r.kind === 'not-csr') {
          expect(r.problem.message.en).toMatch(/compromised/);
          expect(r.problem.message.ja).toContain('漏えい');
          expect(r.problem.message.en).toContain('openssl req -new');
        }
      }
    },
  );

  it('recognises a DER private key', () => {
    expect(analyzeCsr(fixtureBytes('private-key.der'))).toMatchObject({ what: 'private-key' });
  });
});
