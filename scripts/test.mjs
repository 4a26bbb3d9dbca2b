#!/usr/bin/env node
// The one test command: checks what the tests need on this machine, installs what is missing
// (Debian packages for the real servers the tests start themselves), then lint, typecheck and vitest.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
