import { analyzeCertificate, analyzeCsr } from '../cert/index.js';
import { checkSite, type SiteExpectation } from '../check/site-check.js';
import { parseArgs, problemsJson } from './check-csr.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE =
  'usage: evssl-bot check-site HOST [--port N] [--cert ISSUED.crt] [--csr FILE] [--old OLD.crt] [--connect ADDRESS] [--ca ROOTS.pem] [--lang en|ja]';

async function readText(path: string, io: CliIo): Promise<string | undefined> {
  try {
    return (await io.read(path)).toString('utf8');
  } catch (err) {
    io.err(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return undefined;
  }
}

/** The expectation from `--cert` (serial, key, notAfter), `--csr` (key) and `--old` (previous serial). */
async function expectation(opts: Record<string, string>, io: CliIo): Promise<SiteExpectation | false> {
  const exp: SiteExpectation = {};
  for (const [flag, which] of [
    ['cert', 'issued'],
    ['old', 'old'],
  ] as const) {
    if (opts[flag] === undefined) continue;
    const text = await readText(opts[flag], io);
    if (text === undefined) return false;
    const r = analyzeCertificate(text);
    if (r.kind !== 'certificate') {
      io.err(`--${flag} ${opts[flag]}: ${r.problem.message.en}`);
      return false;
    }
    if (which === 'issued') {
      exp.serialNumber = r.cert.serialNumber;
      exp.publicKeyFingerprint = r.cert.publicKeyFingerprint;
      exp.notAfter = r.cert.notAfter;
    } else exp.previousSerials = [r.cert.serialNumber];
  }
  if (opts.csr !== undefined) {
    const text = await readText(opts.csr, io);
    if (text === undefined) return false;
    const r = analyzeCsr(text);
    if (r.kind !== 'csr') {
      io.err(`--csr ${opts.csr}: ${r.problem.message.en}`);
      return false;
    }
    if (exp.publicKeyFingerprint !== undefined && exp.publicKeyFingerprint !== r.csr.publicKeyFingerprint) {
      io.err(`--csr ${opts.csr}: not the key of --cert ${opts.cert}`);
      return false;
    }
    exp.publicKeyFingerprint = r.csr.publicKeyFingerprint;
  }
  return exp;
}

/**
 * `evssl-bot check-site`: exit 0 when the site serves a good certificate (and the issued one, given
 * `--cert`/`--csr`), 1 when something is wrong with what it serves, 2 on a usage error or when no TLS
 * connection could be made (nothing to judge).
 */
export const checkSiteCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['port', 'cert', 'csr', 'old', 'connect', 'ca'], io, USAGE);
  if (!parsed) return 2;
  const { file: host, opts, lang } = parsed;
  const port = opts.port === undefined ? 443 : Number(opts.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.err(`--port ${opts.port}: not a port number\n${USAGE}`);
    return 2;
  }
  const expect = await expectation(opts, io);
  if (expect === false) return 2;
  let ca: string[] | undefined;
  if (opts.ca !== undefined) {
    const text = await readText(opts.ca, io);
    if (text === undefined) return 2;
    ca = [text];
  }
  const r = await checkSite(host, {
    port,
    ...(opts.connect === undefined ? {} : { connect: opts.connect }),
    ...(ca ? { ca } : {}),
    ...(Object.keys(expect).length > 0 ? { expect } : {}),
  });
  if (r.kind === 'unreachable') {
    io.err(r.problem.message[lang]);
    const body = {
      ok: false,
      kind: 'unreachable',
      host: r.host,
      port: r.port,
      error: { code: r.code, message: r.problem.message[lang] },
      problems: problemsJson([r.problem], lang),
    };
    io.out(JSON.stringify(body, null, 2));
    return 2;
  }
  const { problems, kind: _kind, ...facts } = r;
  io.out(JSON.stringify({ ...facts, kind: 'site', problems: problemsJson(problems, lang) }, null, 2));
  return r.ok ? 0 : 1;
};
