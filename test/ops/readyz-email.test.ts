import { afterEach, describe, expect, it } from 'vitest';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { freePort } from '../support/free-port.js';
import { startSmtp } from '../support/smtp.js';
import { type BotChild, get, startBotChild } from './bot-child.js';
import { startTcpGate, type TcpGate } from './tcp-gate.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

/** An email-only bot (no Slack) whose IMAP goes through `gate` to Dovecot; health on OPS_PORT. */
async function emailBot(): Promise<{ dovecot: DovecotServer; gate: TcpGate; bot: BotChild; ops: number }> {
  const dovecot = await startDovecot();
  cleanup.push(() => dovecot.stop());
  const smtp = await startSmtp();
  cleanup.push(() => smtp.stop());
  const gate = await startTcpGate({ host: '127.0.0.1', port: dovecot.imapPort });
  cleanup.push(() => gate.close());
  // The IMAP server stalls before its greeting: the session is being opened, not logged in.
  gate.set('hang');
  const ops = await freePort();
  const bot = await startBotChild(
    {
      SMTP_URL: smtp.url,
      IMAP_URL: `imap://bot%40example.test:${dovecot.bot.pass}@127.0.0.1:${gate.port}`,
      MAIL_FROM: 'bot@example.test',
      MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
      OPS_PORT: String(ops),
      REMIND_ENABLED: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
    },
    { healthPort: ops },
  );
  cleanup.push(async () => {
    bot.child.kill('SIGKILL');
    await bot.exited;
  });
  return { dovecot, gate, bot, ops };
}

async function readyz(port: number) {
  const r = await get(port, '/readyz');
  return { status: r.status, raw: r.body, body: JSON.parse(r.body) as Record<string, unknown> };
}

/** Polls /readyz until it answers `status` (or the deadline passes): the last answer. */
async function readyzUntil(port: number, status: number, ms = 10_000) {
  const deadline = Date.now() + ms;
  let r = await readyz(port);
  while (r.status !== status && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 100));
    r = await readyz(port);
  }
  return r;
}

const SECRETS = ['botpass', 'bot@example.test', 'bot%40example.test', 'imap://', 'smtp://'];

describe('OPS_PORT readiness of a real email-only process (main.ts, Dovecot, SMTP)', () => {
  it('healthz at once; readyz 200 only while the IMAP session is logged in, 503 naming imap otherwise', async () => {
    const { gate, bot, ops } = await emailBot();
    // Serving at once, while the IMAP session is still being opened.
    const health = await get(ops, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    // Connecting is not logged in: for as long as the server stalls, not ready (two looks, 1 s apart).
    for (let i = 0; i < 2; i++) {
      const stalled = await readyz(ops);
      expect(stalled.status).toBe(503);
      expect(stalled.body).toMatchObject({
        status: 'not ready',
        checks: { store: { ok: true }, imap: { ok: false } },
      });
      expect(Object.keys(stalled.body.checks as object).sort()).toEqual(['imap', 'store']);
      await new Promise((r) => setTimeout(r, 1000));
    }
    // The server answers: once the session is logged in (and the mailbox open), ready.
    gate.set('open');
    const ready = await readyzUntil(ops, 200);
    expect(ready.body).toEqual({ status: 'ready', checks: { store: { ok: true }, imap: { ok: true } } });
    expect(bot.stdout()).toContain('"opsPort":');
    // The IMAP server goes away (connections cut, new ones refused): not ready, still alive.
    gate.set('refuse');
    const down = await readyzUntil(ops, 503, 5000);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not ready', checks: { store: { ok: true } } });
    const imap = (down.body.checks as Record<string, { ok: boolean; detail?: string }>).imap!;
    expect(imap.ok).toBe(false);
    expect(imap.detail).toMatch(/IMAP/);
    const alive = await get(ops, '/healthz');
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body)).toEqual({ status: 'ok' });
    // Back: the watcher reconnects (backoff 1 s, 2 s) and the process is ready again.
    gate.set('open');
    expect((await readyzUntil(ops, 200, 15_000)).status).toBe(200);
    for (const r of [health.body, ready.raw, down.raw, alive.body])
      for (const s of SECRETS) expect(r).not.toContain(s);
    expect(bot.child.exitCode).toBeNull();
  }, 60_000);
});
