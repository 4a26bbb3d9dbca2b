import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeCsr } from '../../src/cert/index.js';
import { checkCertCommand } from '../../src/cli/check-cert.js';
import { checkCsrCommand } from '../../src/cli/check-csr.js';
import type { CliIo } from '../../src/cli/io.js';
import { fixture, fixturePath } from './fixtures.js';

/** Runs a command in-process; `-` reads `stdin`. */
async function run(command: typeof checkCsrCommand, args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    read: (path) => (path === '-' ? Promise.resolve(Buffer.from(stdin)) : readFile(path)),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  const code = await command(args, io);
  const stdout = out.join('\n');
  return { code, stdout, stderr: err.join('\n'), json: stdout ? JSON.parse(stdout) : undefined };
}

describe('evssl-bot check-csr', () => {
  it('prints the analysis as JSON and exits 0 for a good CSR', async () => {
    const r = await run(checkCsrCommand, [
      fixturePath('rsa2048.csr'),
      '--org',
      'Sakura Shoji Co., Ltd.',
      '--country',
      'JP',
    ]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      commonName: 'www.sakura-shoji.co.jp',
      sans: ['www.sakura-shoji.co.jp', 'sakura-shoji.co.jp'],
      keyType: 'RSA',
      keySize: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      subject: { O: 'Sakura Shoji Co., Ltd.', C: 'JP' },
      problems: [],
    });
    expect(r.json).not.toHaveProperty('curve');
  });

  it('reads standard input and prints curve for EC keys', async () => {
    const r = await run(checkCsrCommand, ['-'], fixture('slack-paste.txt'));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ keyType: 'EC', curve: 'P-256' });
    expect(r.json).not.toHaveProperty('keySize');
  });

  it('exits 1 with English messages by default and Japanese with --lang ja', async () => {
    const en = await run(checkCsrCommand, [fixturePath('wrong-c.csr'), '--country', 'JP']);
    expect(en.code).toBe(1);
    expect(en.json.problems).toEqual([
      { code: 'csr.country-mismatch', severity: 'error', message: expect.stringContaining('country code') },
    ]);
    const ja = await run(checkCsrCommand, [fixturePath('wrong-c.csr'), '--country=JP', '--lang', 'ja']);
    expect(ja.json.problems[0].message).toContain('国コード');
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await run(checkCsrCommand, [fixturePath('ou-present.csr')]);
    expect(r.code).toBe(0);
    expect(r.json.problems.map((p: { severity: string }) => p.severity)).toEqual(['warning']);
  });

  it.each([
    ['certificate.pem', 'certificate'],
    ['private-key.pem', 'private key'],
    ['garbage.txt', 'could not be read'],
  ])('exits 2 and says on stderr what %s is', async (file, words) => {
    const r = await run(checkCsrCommand, [fixturePath(file)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
    expect(r.stdout).not.toContain('PRIVATE KEY-----');
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    expect((await run(checkCsrCommand, [])).code).toBe(2);
    expect((await run(checkCsrCommand, ['a.csr', '--bogus', 'x'])).code).toBe(2);
    const missing = await run(checkCsrCommand, ['/nonexistent/x.csr']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
  });
});

describe('evssl-bot on a private key file (issue 14 item 17)', () => {
  it.each([
    ['check-csr', checkCsrCommand, [fixturePath('private-key.pem')]],
    ['check-cert', checkCertCommand, [fixturePath('private-key.pem')]],
    [
      'check-cert --csr',
      checkCertCommand,
      [fixturePath('certificate.pem'), '--csr', fixturePath('private-key.pem')],
    ],
    [
      'check-cert --chain',
      checkCertCommand,
      [fixturePath('certificate.pem'), '--chain', fixturePath('private-key.pem')],
    ],
  ])(
    '%s says plainly it is a private key, read locally, not that it was pasted into chat',
    async (_name, command, args) => {
      for (const lang of ['en', 'ja']) {
        const r = await run(command, [...args, '--lang', lang]);
        const said = `${r.stderr}\n${r.stdout}`;
        expect(said).toContain(lang === 'en' ? 'This file is a private key' : 'このファイルは秘密鍵です');
        expect(said).not.toMatch(/pasted into chat|compromised|チャットやメールに貼った|漏えい/);
        expect(said).not.toContain('PRIVATE KEY-----');
      }
    },
  );

  it('keeps the conversation wording for a key pasted into chat', () => {
    const r = analyzeCsr(fixture('private-key.pem'));
    expect(r.kind === 'not-csr' && r.problem.message.en).toContain('once pasted into chat or email');
  });
});

describe('evssl-bot check-cert', () => {
  it('checks a certificate against its CSR', async () => {
    const r = await run(checkCertCommand, [
      fixturePath('certificate.pem'),
      '--csr',
      fixturePath('rsa2048.csr'),
    ]);
    expect(r.json).toMatchObject({
      kind: 'certificate',
      keyType: 'RSA',
      keySize: 2048,
      commonName: 'www.sakura-shoji.co.jp',
    });
    expect(r.json.renewalDeadline).toBe(r.json.notAfter);
    const codes = r.json.problems.map((p: { code: string }) => p.code);
    expect(codes).not.toContain('cert.key-mismatch'); // same key as rsa2048.csr
    expect(codes).toContain('cert.self-signed');
    expect(r.code).toBe(1);
  });

  it('reports a key mismatch', async () => {
    const r = await run(checkCertCommand, [
      fixturePath('certificate.pem'),
      '--csr',
      fixturePath('ec-p256.csr'),
    ]);
    expect(r.json.problems.map((p: { code: string }) => p.code)).toContain('cert.key-mismatch');
  });

  it('exits 2 when given a CSR, or when --csr is not a CSR', async () => {
    const r = await run(checkCertCommand, [fixturePath('rsa2048.csr')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('This is a CSR');
    const bad = await run(checkCertCommand, [
      fixturePath('certificate.pem'),
      '--csr',
      fixturePath('certificate.pem'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--csr');
  });
});
