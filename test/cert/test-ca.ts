import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA made with openssl in a temp directory: root, intermediates, leaves with chosen dates. */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'evssl-ca-'));
  private n = 0;

  constructor() {
    mkdirSync(join(this.dir, 'newcerts'));
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      [
        '[ ca ]',
        'default_ca = ca_default',
        '[ ca_default ]',
        `database = ${join(this.dir, 'index.txt')}`,
        `new_certs_dir = ${join(this.dir, 'newcerts')}`,
        `serial = ${join(this.dir, 'serial')}`,
        'default_md = sha256',
        'policy = policy_any',
        'copy_extensions = copy',
        'unique_subject = no',
        '[ policy_any ]',
        'commonName = supplied',
        '[ v3_ca ]',
        'basicConstraints = critical, CA:true',
        'keyUsage = critical, keyCertSign, cRLSign',
        '[ v3_leaf ]',
        'basicConstraints = CA:false',
        'extendedKeyUsage = serverAuth',
        '',
      ].join('\n'),
    );
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A new key (`ec` P-256 or `rsa` 2048) and a CSR for `domain`; returns the CSR file name. */
  csr(name: string, domain: string, type: 'ec' | 'rsa' = 'ec'): string {
    const alg =
      type === 'ec' ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-algorithm', 'RSA'];
    this.openssl('genpkey', ...alg, '-out', this.path(`${name}.key`));
    this.openssl(
      'req',
      '-new',
      '-key',
      this.path(`${name}.key`),
      '-sha256',
      '-out',
      this.path(`${name}.csr`),
      '-subj',
      `/C=JP/O=Sakura Shoji Co., Ltd./CN=${domain}`,
      '-addext',
      `subjectAltName=DNS:${domain}`,
    );
    return `${name}.csr`;
  }

  /** A self-signed root CA valid 2020-2040, stored as `${name}.pem` / `${name}.key`. */
  root(name: string): void {
    const csr = this.csr(name, `${name}.test-ca.invalid`);
    this.openssl(
      'ca',
      '-batch',
      '-config',
      this.path('ca.cnf'),
      '-selfsign',
      '-keyfile',
      this.path(`${name}.key`),
      '-in',
      this.path(csr),
      '-out',
      this.path(`${name}.pem`),
      '-notext',
      '-preserveDN',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20400101000000Z',
      '-extensions',
      'v3_ca',
    );
  }

  /**
   * Signs `csr` with the certificate/key pair `issuer` (file names without extension) for the given dates;
   * `ca` makes it an intermediate. Returns the certificate file name.
   */
  sign(csr: string, issuer: string, from: Date, to: Date, ca = false): string {
    const out = `cert-${++this.n}.pem`;
    const stamp = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    this.openssl(
      'ca',
      '-batch',
      '-config',
      this.path('ca.cnf'),
      '-cert',
      this.path(`${issuer}.pem`),
      '-keyfile',
      this.path(`${issuer}.key`),
      '-in',
      this.path(csr),
      '-out',
      this.path(out),
      '-notext',
      '-preserveDN',
      '-startdate',
      stamp(from),
      '-enddate',
      stamp(to),
      '-extensions',
      ca ? 'v3_ca' : 'v3_leaf',
    );
    return out;
  }

  /** An intermediate under `issuer`, stored as `${name}.pem` / `${name}.key`. */
  intermediate(name: string, issuer: string, from: Date, to: Date): void {
    const csr = this.csr(name, `${name}.test-ca.invalid`);
    writeFileSync(this.path(`${name}.pem`), this.read(this.sign(csr, issuer, from, to, true)));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
