import { analyzeCsr, forLocalFile, type Problem } from '../cert/index.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE = 'usage: evssl-bot check-csr FILE|- [--org NAME] [--country CC] [--lang en|ja]';

export type Lang = 'en' | 'ja';

/** Splits `FILE --opt value ...`; undefined (after printing usage) on anything unexpected. */
export function parseArgs(
  args: string[],
  known: readonly string[],
  io: CliIo,
  usage: string,
): { file: string; opts: Record<string, string>; lang: Lang } | undefined {
  const opts: Record<string, string> = {};
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const value = inline ?? args[++i];
      if (![...known, 'lang'].includes(name) || value === undefined) {
        io.err(`unknown option or missing value: ${a}\n${usage}`);
        return undefined;
      }
      opts[name] = value;
    } else if (file === undefined) file = a;
    else {
      io.err(`unexpected argument: ${a}\n${usage}`);
      return undefined;
    }
  }
  const lang = opts.lang ?? 'en';
  if (file === undefined || (lang !== 'en' && lang !== 'ja')) {
    io.err(usage);
    return undefined;
  }
  return { file, opts, lang };
}

/** The problems as JSON, in the wording for a local file (a private key given here was not pasted anywhere). */
export function problemsJson(problems: Problem[], lang: Lang) {
  return problems
    .map(forLocalFile)
    .map((p) => ({ code: p.code, severity: p.severity, message: p.message[lang] }));
}

/** `evssl-bot check-csr`: exit 0 when the CSR has no error, 1 when it has, 2 when it is not a CSR. */
export const checkCsrCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['org', 'country'], io, USAGE);
  if (!parsed) return 2;
  const { file, opts, lang } = parsed;
  let input: Buffer;
  try {
    input = await io.read(file);
  } catch (err) {
    io.err(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return 2;
  }
  const result = analyzeCsr(input, {
    ...(opts.org === undefined ? {} : { organizationName: opts.org }),
    ...(opts.country === undefined ? {} : { countryCode: opts.country }),
  });
  if (result.kind === 'not-csr') {
    io.err(forLocalFile(result.problem).message[lang]);
    io.out(
      JSON.stringify(
        { ok: false, kind: 'not-csr', what: result.what, problems: problemsJson([result.problem], lang) },
        null,
        2,
      ),
    );
    return 2;
  }
  const { csr } = result;
  io.out(
    JSON.stringify(
      {
        ok: result.ok,
        kind: 'csr',
        commonName: csr.commonName ?? null,
        sans: csr.sans,
        keyType: csr.keyType,
        ...(csr.curve === undefined ? { keySize: csr.keySize ?? null } : { curve: csr.curve }),
        signatureAlgorithm: csr.signatureAlgorithm,
        subject: csr.subject,
        domain: csr.domain ?? null,
        publicKeyFingerprint: csr.publicKeyFingerprint,
        problems: problemsJson(result.problems, lang),
      },
      null,
      2,
    ),
  );
  return result.ok ? 0 : 1;
};
