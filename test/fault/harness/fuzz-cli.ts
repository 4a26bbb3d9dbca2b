/**
 * A child process that feeds hostile inputs to the CLI's checking commands (the same functions
 * `evssl-bot` runs, with files served from memory) and prints one JSON line of figures. Run by
 * test/fault/hostile-input.test.ts as `node --import tsx fuzz-cli.ts SEED MAILS CSRS CERTS VALUES`: a
 * crash of this process is a failure the test sees (exit code, no figures), and so is a hang (the test
 * bounds the child's time; each input's duration is recorded, the slowest reported).
 */
import { checkCertCommand } from '../../../src/cli/check-cert.js';
import { checkCsrCommand } from '../../../src/cli/check-csr.js';
import type { CliCommand, CliIo } from '../../../src/cli/io.js';
import { parseMailCommand } from '../../../src/cli/parse-mail.js';
import { validateCommand } from '../../../src/cli/validate.js';
import { hostileCertInput, hostileMail, hostileValidateArgs } from './hostile.js';
import { rng } from './rng.js';

const [seed, mails, csrs, certs, values] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
  number,
];

/** Exit codes each command may return (README's CLI contract). */
const CONTRACT: Record<string, readonly number[]> = {
  'parse-mail': [0, 2],
  'check-csr': [0, 1, 2],
  'check-cert': [0, 1, 2],
  validate: [0, 1, 2],
};
const STACK = /\n\s+at .+[(:]\d+/;
const HANG_MS = 10_000;

interface Figures {
  inputs: number;
  byCommand: Record<string, Record<string, number>>;
  outsideContract: string[];
  notJson: string[];
  stackTraces: string[];
  threw: string[];
  hangs: string[];
  slowestMs: number;
  slowest: string;
  msByCommand: Record<string, number>;
}

const figures: Figures = {
  inputs: 0,
  byCommand: {},
  outsideContract: [],
  notJson: [],
  stackTraces: [],
  threw: [],
  hangs: [],
  slowestMs: 0,
  slowest: '',
  msByCommand: {},
};

async function run(name: string, command: CliCommand, args: string[], files: Record<string, Buffer>) {
  const label = `${name}#${figures.inputs}`;
  figures.inputs += 1;
  let out = '';
  let err = '';
  const io: CliIo = {
    read: async (path) => {
      const f = files[path];
      if (!f) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return f;
    },
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
  };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), HANG_MS);
  });
  let code: number | 'hang';
  try {
    code = await Promise.race([command(args, io), hang]);
  } catch (e) {
    figures.threw.push(`${label}: ${(e as Error).name}`);
    return;
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - started;
  figures.msByCommand[name] = Math.round((figures.msByCommand[name] ?? 0) + ms);
  if (ms > figures.slowestMs) {
    figures.slowestMs = Math.round(ms);
    figures.slowest = label;
  }
  if (code === 'hang') {
    figures.hangs.push(label);
    return;
  }
  const counts = figures.byCommand[name] ?? {};
  figures.byCommand[name] = counts;
  counts[String(code)] = (counts[String(code)] ?? 0) + 1;
  if (!CONTRACT[name]!.includes(code)) figures.outsideContract.push(`${label}: exit ${code}`);
  if (STACK.test(out) || STACK.test(err)) figures.stackTraces.push(label);
  if (out.trim() !== '') {
    try {
      JSON.parse(out);
    } catch {
      figures.notJson.push(label);
    }
  }
}

const r = rng(seed);
for (let i = 0; i < mails; i += 1) {
  await run('parse-mail', parseMailCommand, ['m.eml'], { 'm.eml': hostileMail(r) });
}
for (let i = 0; i < csrs; i += 1) {
  const args = ['c.csr'];
  if (r() < 0.2) args.push('--org', 'Example Trading Co., Ltd.');
  if (r() < 0.1) args.push('--country', r() < 0.5 ? 'JP' : '\u0000');
  await run('check-csr', checkCsrCommand, args, { 'c.csr': hostileCertInput(r, 'csr') });
}
for (let i = 0; i < certs; i += 1) {
  const files: Record<string, Buffer> = { 'c.pem': hostileCertInput(r, 'cert') };
  const args = ['c.pem'];
  if (r() < 0.3) {
    files['q.csr'] = hostileCertInput(r, 'csr');
    args.push('--csr', 'q.csr');
  }
  if (r() < 0.3) {
    files['chain.pem'] = hostileCertInput(r, 'cert');
    args.push('--chain', 'chain.pem');
  }
  await run('check-cert', checkCertCommand, args, files);
}
for (let i = 0; i < values; i += 1) {
  await run('validate', validateCommand, hostileValidateArgs(r), {});
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
