import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { freePort } from './free-port.js';

export interface DovecotServer {
  host: string;
  imapPort: number;
  lmtpPort: number;
  root: string;
  /** Users from test/support/dovecot/users. */
  bot: { user: string; pass: string };
  alice: { user: string; pass: string };
  /** Delivers a raw message into a user's INBOX over LMTP, as an MTA would. */
  deliver(raw: Buffer | string, to?: string, from?: string): Promise<void>;
  /** Stops and starts the server on the same ports and mail folder: IMAP clients are disconnected. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const CONF_DIR = new URL('./dovecot/', import.meta.url);

export interface StartDovecotOptions {
  /**
   * Also accept XOAUTH2 / OAUTHBEARER logins, each token checked at this RFC 7662 introspection
   * endpoint (test/support/oauth-server.ts): dovecot-oauth2.conf instead of dovecot.conf.
   */
  oauth2?: { introspectionUrl: string };
}

/**
 * A private Dovecot (IMAP + LMTP) for one test file, on free loopback ports, configured from
 * test/support/dovecot/ (PLATFORM.md recipe: foreground child, fresh run folder, mail owned by nobody).
 */
export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  if (spawnSync('sh', ['-c', 'command -v dovecot'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('dovecot is not installed: run `npm test` (installs dovecot-imapd, dovecot-lmtpd)');
  }
  const root = mkdtempSync(join(tmpdir(), 'evssl-dovecot-'));
  chmodSync(root, 0o755);
  const [imapPort, lmtpPort] = [await freePort(), await freePort()];
  const fill = (s: string) =>
    s
      .replaceAll('@ROOT@', root)
      .replaceAll('@IMAP_PORT@', String(imapPort))
      .replaceAll('@LMTP_PORT@', String(lmtpPort))
      .replaceAll('@INTROSPECTION_URL@', options.oauth2?.introspectionUrl ?? '');
  mkdirSync(join(root, 'dovecot'), { recursive: true });
  mkdirSync(join(root, 'mail'), { recursive: true });
  const conf = join(root, 'dovecot', 'dovecot.conf');
  const template = options.oauth2 ? 'dovecot-oauth2.conf' : 'dovecot.conf';
  writeFileSync(conf, fill(readFileSync(new URL(template, CONF_DIR), 'utf8')));
  if (options.oauth2) {
    const ext = 'dovecot-oauth2.conf.ext';
    writeFileSync(join(root, 'dovecot', ext), fill(readFileSync(new URL(ext, CONF_DIR), 'utf8')));
  }
  writeFileSync(join(root, 'dovecot', 'users'), readFileSync(new URL('users', CONF_DIR)));
  spawnSync('chown', ['-R', 'nobody:nogroup', join(root, 'mail')]);

  let child: ChildProcess | undefined;
  const start = async () => {
    rmSync(join(root, 'dovecot', 'run'), { recursive: true, force: true });
    child = spawn('dovecot', ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.resume();
    await waitForGreeting(imapPort, child);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    // Dovecot's imap processes outlive their master for seconds; a restart should drop clients at once,
    // as a crashed or rebooted server does, so this server's own children are ended by pid too.
    const children = childPids(running.pid!);
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  await start();
  const lmtp = createTransport({ host: '127.0.0.1', port: lmtpPort, lmtp: true } as never);
  return {
    host: '127.0.0.1',
    imapPort,
    lmtpPort,
    root,
    bot: { user: 'bot@example.test', pass: 'botpass' },
    alice: { user: 'alice@example.test', pass: 'alicepass' },
    deliver: async (raw, to = 'bot@example.test', from = 'sender@example.net') => {
      await lmtp.sendMail({ envelope: { from, to: [to] }, raw });
    },
    restart: async () => {
      await stop();
      await start();
    },
    stop: async () => {
      lmtp.close();
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves once the IMAP listener greets (`* OK`), retrying while the server starts. */
async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}

/** Pids whose parent is `parent`, read from /proc (no `ps` needed on a minimal machine). */
function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses: state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
