import { checkDomainValidation } from '../check/dv-check.js';
import { readDvInstructions } from '../check/dv-instructions.js';
import { dnsRequest, httpRequest } from '../check/dv-request.js';
import { parseMessage } from '../mail/parse-message.js';
import { parseArgs, problemsJson } from './check-csr.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE = [
  'usage: evssl-bot check-dcv DOMAIN --file NAME (--content TEXT | --content-file FILE)',
  '       evssl-bot check-dcv RECORD-NAME (--cname VALUE | --txt VALUE) [--dns SERVER[:PORT]]',
  '       evssl-bot check-dcv --mail FILE|-   (the values read from the CA mail, .eml)',
  '       [--lang en|ja]',
].join('\n');

/**
 * `evssl-bot check-dcv`: checks file or DNS domain validation from outside, as the CA will. Exit 0 when
 * it passes, 1 when it does not (the JSON says why), 2 on a usage error or values that cannot be read.
 */
export const checkDcvCommand: CliCommand = async (args, io) => {
  if (args[0] === '--mail') return fromMail(args.slice(1), io);
  const parsed = parseArgs(args, ['file', 'content', 'content-file', 'cname', 'txt', 'dns'], io, USAGE);
  if (!parsed) return 2;
  const { file: target, opts, lang } = parsed;
  const methods = ['file', 'cname', 'txt'].filter((m) => opts[m] !== undefined);
  if (methods.length !== 1) {
    io.err(USAGE);
    return 2;
  }
  let content = opts.content;
  if (opts['content-file'] !== undefined) {
    try {
      content = (await io.read(opts['content-file'])).toString('utf8');
    } catch (err) {
      io.err(`cannot read ${opts['content-file']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      return 2;
    }
  }
  const req =
    opts.file !== undefined
      ? httpRequest(target, opts.file, content ?? '')
      : dnsRequest(opts.cname !== undefined ? 'cname' : 'txt', target, (opts.cname ?? opts.txt)!);
  if (!req.ok) {
    io.err(req.message[lang]);
    io.out(JSON.stringify({ ok: false, error: { code: req.code, message: req.message[lang] } }, null, 2));
    return 2;
  }
  const r = await checkDomainValidation(req.request, opts.dns ? { dnsServers: [opts.dns] } : {});
  io.out(JSON.stringify({ ...r, problems: problemsJson(r.problems, lang) }, null, 2));
  return r.ok ? 0 : 1;
};

/** `--mail FILE`: every request the CA mail (or the CA mail attached to it) states, checked in turn. */
async function fromMail(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['dns'], io, USAGE);
  if (!parsed) return 2;
  const { file, opts, lang } = parsed;
  let text: string;
  try {
    const mail = await parseMessage(await io.read(file));
    text = [mail.text, ...(mail.embedded ?? []).map((m) => m.text)].join('\n');
  } catch (err) {
    io.err(`cannot read the mail ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unparseable'}`);
    return 2;
  }
  const requests = readDvInstructions(text);
  if (requests.length === 0) {
    const message =
      lang === 'ja'
        ? 'このメールからファイル認証・DNS認証の値を読み取れませんでした。値を --file/--cname/--txt で指定してください。'
        : 'No file or DNS validation values could be read from this mail; give them with --file, --cname or --txt.';
    io.err(message);
    io.out(JSON.stringify({ ok: false, error: { code: 'dv.no-values', message } }, null, 2));
    return 2;
  }
  const results = [];
  for (const request of requests) {
    const r = await checkDomainValidation(request, opts.dns ? { dnsServers: [opts.dns] } : {});
    results.push({ request, ...r, problems: problemsJson(r.problems, lang) });
  }
  const ok = results.every((r) => r.ok);
  io.out(JSON.stringify({ ok, results }, null, 2));
  return ok ? 0 : 1;
}
