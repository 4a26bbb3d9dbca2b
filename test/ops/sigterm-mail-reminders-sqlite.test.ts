import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSED_FLAG } from '../../src/mail/mailbox-types.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { freePort } from '../support/free-port.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { type BotChild, startBotChild } from './bot-child.js';
import { startTcpGate } from './tcp-gate.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

const composer = createTransport({ streamTransport: true, buffer: true });
const APPLICANTS = ['taro', 'hanako', 'jiro', 'saburo'].map((n) => `${n}@sakura-shoji.co.jp`);

/** The env of an email + reminders process on one SQLite file (reminders run on it without Redis). */
function mailEnv(dovecot: DovecotServer, smtp: SmtpCapture, dir: string, imapPort = dovecot.imapPort) {
  return {
    SMTP_URL: smtp.url,
    IMAP_URL: `imap://bot%40example.test:${dovecot.bot.pass}@127.0.0.1:${imapPort}`,
    MAIL_FROM: 'bot@example.test',
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
    STORE: 'sqlite',
    DATA_DIR: dir,
    DATABASE_PATH: join(dir, 'evssl-sqlite.db'),
    REMIND_TICK_SECONDS: '1',
    SHUTDOWN_TIMEOUT_SECONDS: '6',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  };
}

async function start(env: Record<string, string>): Promise<BotChild> {
  const ops = await freePort();
  const bot = await startBotChild({ ...env, OPS_PORT: String(ops) }, { healthPort: ops });
  cleanup.push(async () => {
    bot.child.kill('SIGKILL');
    await bot.exited;
  });
  return bot;
}

function lines(bot: BotChild): Array<Record<string, unknown>> {
  return bot
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function until(what: () => boolean, ms: number, label: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Each applicant's first mail; resolves with their Message-IDs. */
async function writeAll(dovecot: DovecotServer): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, from] of APPLICANTS.entries()) {
    const messageId = `<sigterm.${i}.${Date.now()}@sakura-shoji.co.jp>`;
    const info = await composer.sendMail({
      from,
      to: 'bot@example.test',
      subject: 'EV SSL証明書の取得申請',
      messageId,
      text: '取得',
    });
    await dovecot.deliver(info.message as Buffer, 'bot@example.test', from);
    ids.push(messageId);
  }
  return ids;
}

/** Replies sent so far, counted by the applicant mail they answer (In-Reply-To). */
async function answered(smtp: SmtpCapture): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) {
    const parsed = await parseMessage(m.raw);
    const to = parsed.inReplyTo ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/** The bot's INBOX as the next process will find it: which mails are flagged processed. */
async function processedFlags(dovecot: DovecotServer): Promise<boolean[]> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    secure: false,
    auth: dovecot.bot,
    logger: false,
  });
  await client.connect();
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const flags: boolean[] = [];
    for await (const m of client.fetch('1:*', { uid: true, flags: true }))
      flags.push(m.flags?.has(PROCESSED_FLAG) ?? false);
    return flags;
  } finally {
    await client.logout();
  }
}

describe('SIGTERM of a real email + reminders process (main.ts, Dovecot, SMTP, SQLite)', () => {
  it('mid-conversation: exits 0 in time, IDLE ended, reminders stopped; after a restart every mail is answered once', async () => {
    const dovecot = await startDovecot();
    cleanup.push(() => dovecot.stop());
    // A slow SMTP server: replies are still on their way when the signal comes.
    const smtp = await startSmtp({ acceptDelayMs: 700 });
    cleanup.push(() => smtp.stop());
    const dir = mkdtempSync(join(tmpdir(), 'evssl-sigterm-sqlite-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const env = mailEnv(dovecot, smtp, dir);

    const first = await start(env);
    await until(() => lines(first).some((l) => l.msg === 'evssl-bot running'), 10_000, 'running');
    const running = lines(first).find((l) => l.msg === 'evssl-bot running')!;
    expect(running.channels).toEqual(expect.arrayContaining(['email', 'reminders']));
    const ids = await writeAll(dovecot);
    // The first turn is committed; its reply (and the other mails) are in flight when SIGTERM comes.
    await until(() => lines(first).some((l) => l.msg === 'turn'), 15_000, 'the first turn');
    const signalled = Date.now();
    const sentBefore = smtp.messages.length;
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalled).toBeLessThan(6000);
    expect(sentBefore).toBeLessThan(APPLICANTS.length);
    const log = lines(first);
    const stopped = log.filter((l) => l.msg === 'channel stopped').map((l) => l.channel);
    // The mail channel first (IMAP logged out, its outbox flushed), then the reminder worker.
    expect(stopped).toEqual(['email', 'reminders']);
    expect(log.some((l) => l.msg === 'evssl-bot stopped')).toBe(true);
    expect(log.some((l) => l.msg === 'mailbox session did not end in time: closing it')).toBe(false);
    // Whatever the first process answered it also flagged; the rest is left for the next one.
    const afterFirst = await answered(smtp);
    // The reply in flight at the signal (none had reached SMTP) went out before the process exited.
    expect(afterFirst.size).toBeGreaterThanOrEqual(1);
    for (const n of afterFirst.values()) expect(n).toBe(1);

    const second = await start(env);
    const deadline = Date.now() + 20_000;
    let counts = await answered(smtp);
    while (!ids.every((id) => counts.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      counts = await answered(smtp);
    }
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    // Every mail flagged processed, and none answered twice, a while after the last reply.
    await new Promise((r) => setTimeout(r, 1500));
    expect([...(await answered(smtp)).values()]).toEqual(ids.map(() => 1));
    expect(await processedFlags(dovecot)).toEqual(ids.map(() => true));
    // Idle in IDLE now: a SIGTERM ends the session at once (no wait for the poll or a timeout).
    const idleAt = Date.now();
    second.child.kill('SIGTERM');
    const idleExit = await second.exited;
    expect(idleExit.code).toBe(0);
    expect(idleExit.at - idleAt).toBeLessThan(2000);
  }, 60_000);

  it('a stalled IMAP server (connected, no greeting) does not hold the shutdown up', async () => {
    const dovecot = await startDovecot();
    cleanup.push(() => dovecot.stop());
    const smtp = await startSmtp();
    cleanup.push(() => smtp.stop());
    const gate = await startTcpGate({ host: '127.0.0.1', port: dovecot.imapPort });
    cleanup.push(() => gate.close());
    gate.set('hang');
    const dir = mkdtempSync(join(tmpdir(), 'evssl-sigterm-sqlite-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const bot = await start({ ...mailEnv(dovecot, smtp, dir, gate.port), SHUTDOWN_TIMEOUT_SECONDS: '10' });
    await new Promise((r) => setTimeout(r, 500));
    const at = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - at).toBeLessThan(2000);
  }, 60_000);
});
