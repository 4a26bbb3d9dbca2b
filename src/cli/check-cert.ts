import { analyzeCertificate, analyzeCsr, forLocalFile } from '../cert/index.js';
import { parseArgs, problemsJson } from './check-csr.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE = 'usage: evssl-bot check-cert FILE [--csr FILE] [--chain FILE] [--lang en|ja]';

async function readOrReport(path: string, io: CliIo): Promise<Buffer | undefined> {
  try {
    return await io.read(path);
  } catch (err) {
    io.err(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
}

/**
 * `evssl-bot check-cert`: exit 0 when the certificate has no error, 1 when it has, 2 when the input (or the
 * `--csr` file) is not what it should be.
 */
export const checkCertCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['csr', 'chain'], io, USAGE);
  if (!parsed) return 2;
  const { file, opts, lang } = parsed;
  const input = await readOrReport(file, io);
  if (!input) return 2;
  let csrFingerprint: string | undefined;
  if (opts.csr !== undefined) {
    const csrInput = await readOrReport(opts.csr, io);
    if (!csrInput) return 2;
    const csr = analyzeCsr(csrInput);
    if (csr.kind === 'not-csr') {
      io.err(`--csr ${opts.csr}: ${forLocalFile(csr.problem).message[lang]}`);
      return 2;
    }
    csrFingerprint = csr.csr.publicKeyFingerprint;
  }
  let chain: Buffer | undefined;
  if (opts.chain !== undefined) {
    chain = await readOrReport(opts.chain, io);
    if (!chain) return 2;
  }
  const result = analyzeCertificate(input, {
    ...(csrFingerprint === undefined ? {} : { csrFingerprint }),
    ...(chain === undefined ? {} : { chain }),
  });
  if (result.kind === 'not-certificate') {
    io.err(forLocalFile(result.problem).message[lang]);
    const body = {
      ok: false,
      kind: 'not-certificate',
      what: result.what,
      problems: problemsJson([result.problem], lang),
    };
    io.out(JSON.stringify(body, null, 2));
    return 2;
  }
  const { cert } = result;
  const body = {
    ok: result.ok,
    kind: 'certificate',
    commonName: cert.commonName ?? null,
    sans: cert.sans,
    keyType: cert.keyType,
    ...(cert.curve === undefined ? { keySize: cert.keySize ?? null } : { curve: cert.curve }),
    signatureAlgorithm: cert.signatureAlgorithm,
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    renewalDeadline: cert.notAfter,
    validityDays: cert.validityDays,
    domain: cert.domain ?? null,
    publicKeyFingerprint: cert.publicKeyFingerprint,
    problems: problemsJson(result.problems, lang),
  };
  io.out(JSON.stringify(body, null, 2));
  return result.ok ? 0 : 1;
};
