import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../bot/fake-slack.js';
import { dmEvent, eventEnvelope, postSigned, SIGNING_SECRET } from '../bot/signed-requests.js';
import { startDovecot } from '../support/dovecot.js';
import { freePort } from '../support/free-port.js';
import { startSmtp } from '../support/smtp.js';
import { type BotChild, startBotChild } from './bot-child.js';
import { delayedProxy } from './delayed-proxy.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

type Line = Record<string, unknown>;

function lines(bot: BotChild): Line[] {
  return bot
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}'))
    .map((l) => JSON.parse(l) as Line);
}

/** Waits (the logger writes asynchronously) for a line `pick` finds; returns it. */
async function line(bot: BotChild, pick: (l: Line) => boolean, ms = 15_000): Promise<Line> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = lines(bot).find(pick);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such log line in: ${bot.stdout().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(bot: BotChild): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

function sqliteDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evssl-corr-sqlite-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sqliteEnv(dir: string): Record<string, string> {
  return { STORE: 'sqlite', DATA_DIR: dir, DATABASE_PATH: join(dir, 'evssl-sqlite.db') };
}

/** Slack's Web API behind a latency the test sets (`hold`: answers wait; `release`: straight through). */
async function gatedSlack(target: string): Promise<{ url: string; delayMs: number }> {
  const gate = { url: '', delayMs: 0 };
  const proxy = await delayedProxy(target, () => gate.delayMs);
  cleanup.push(proxy.close);
  gate.url = proxy.url;
  return gate;
}

/** Nothing a person typed or is identified by, in a turn or delivery line. */
function expectNoPersonalData(found: Line[], personal: string[]): void {
  const text = found.map((l) => JSON.stringify(l)).join('\n');
  for (const p of personal) expect(text).not.toContain(p);
}

describe('correlation ids from the inbound event to the reply (real main.ts, JSON logs)', () => {
  it('Slack: the turn line and the reply delivery line share one id, the sweep after a restart too', async () => {
    const slack = await new FakeSlack().start();
    cleanup.push(() => slack.close());
    const api = await gatedSlack(slack.url);
    const dir = sqliteDir();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      REMIND_ENABLED: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ...sqliteEnv(dir),
    };
    const port = await freePort();
    const first = await startBotChild(env, { port });
    cleanup.push(() => kill(first));

    // One signed DM: its turn, then its reply posted by the relay.
    expect(
      (await postSigned(first.port, eventEnvelope(dmEvent('U1', '取得'), { eventId: 'EvCORR1' }))).status,
    ).toBe(200);
    const turn = await line(first, (l) => l.msg === 'turn' && l.event === 'slack:EvCORR1');
    expect(turn).toMatchObject({ level: 30, channel: 'slack', outcome: 'answered' });
    expect(String(turn.corr)).toMatch(/^[0-9A-F]{6}@\d+$/);
    expect(String(turn.corr).startsWith(`${turn.applicationId}@`)).toBe(true);
    const delivered = await line(first, (l) => l.msg === 'reply delivered');
    expect(delivered).toMatchObject({ level: 30, channel: 'slack', corr: turn.corr, recovering: false });
    expect(delivered.applicationId).toBe(turn.applicationId);

    // A second turn commits, its reply held by a stalled Slack: the process dies before posting it.
    api.delayMs = 60_000;
    expect(
      (await postSigned(first.port, eventEnvelope(dmEvent('U2', '取得'), { eventId: 'EvCORR2' }))).status,
    ).toBe(200);
    const owed = await line(first, (l) => l.msg === 'turn' && l.event === 'slack:EvCORR2');
    expect(owed.corr).not.toBe(turn.corr);
    await kill(first);
    // The next process's relay sweeps the owed reply (after 5 s) and logs it under the same id.
    api.delayMs = 0;
    const second = await startBotChild(env, { port });
    cleanup.push(() => kill(second));
    const recovered = await line(second, (l) => l.msg === 'reply delivered' && l.corr === owed.corr);
    expect(recovered).toMatchObject({
      channel: 'slack',
      applicationId: owed.applicationId,
      recovering: true,
    });
    expect(slack.of('chat.postMessage').filter((c) => c.args.channel === 'DU2')).toHaveLength(1);
    expectNoPersonalData([turn, delivered, owed, recovered], ['U1', 'U2', '取得', 'xoxb', SIGNING_SECRET]);
  }, 60_000);

  it('email: the turn line and the "mail sent" line share one id, a send after a restart too', async () => {
    const dovecot = await startDovecot();
    cleanup.push(() => dovecot.stop());
    const smtp = await startSmtp();
    // The first send is refused for now (421): the reply stays in the outbox, retried in 5 s.
    smtp.failNext(1, 421);
    cleanup.push(() => smtp.stop());
    const dir = sqliteDir();
    const env = {
      SMTP_URL: smtp.url,
      IMAP_URL: `imap://bot%40example.test:${dovecot.bot.pass}@127.0.0.1:${dovecot.imapPort}`,
      MAIL_FROM: 'bot@example.test',
      MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
      REMIND_ENABLED: 'false',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ...sqliteEnv(dir),
    };
    const ops = await freePort();
    const start = () => startBotChild({ ...env, OPS_PORT: String(ops) }, { healthPort: ops });
    const first = await start();
    cleanup.push(() => kill(first));
    const messageId = `<corr.${Date.now()}@sakura-shoji.co.jp>`;
    const composed = await createTransport({ streamTransport: true, buffer: true }).sendMail({
      from: '山田 太郎 <taro@sakura-shoji.co.jp>',
      to: 'bot@example.test',
      subject: 'EV SSL証明書の取得申請',
      messageId,
      text: '取得をお願いします。電話 03-1234-5678',
    });
    await dovecot.deliver(composed.message as Buffer, 'bot@example.test', 'taro@sakura-shoji.co.jp');
    const turn = await line(first, (l) => l.msg === 'turn' && l.channel === 'email');
    expect(turn).toMatchObject({ level: 30, outcome: 'answered' });
    expect(String(turn.corr)).toMatch(/^h:[0-9a-f]{16}$/);
    expect(turn.event).toBe(turn.corr);
    const refused = await line(first, (l) => l.msg === 'mail not sent');
    expect(refused).toMatchObject({ level: 40, corr: turn.corr, errorCode: 'smtp_421', gaveUp: false });
    // The process is stopped before the retry is due (SIGTERM: its mailbox lock released); the next one
    // sends it, under the same id.
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const second = await start();
    cleanup.push(() => kill(second));
    const sent = await line(second, (l) => l.msg === 'mail sent');
    expect(sent).toMatchObject({
      level: 30,
      channel: 'email',
      corr: turn.corr,
      applicationId: turn.applicationId,
    });
    // The restart answered it once (no second turn: the mail was flagged before the kill).
    expect(lines(second).filter((l) => l.msg === 'turn')).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages).toHaveLength(1);
    expectNoPersonalData(
      [turn, refused, sent],
      ['taro', 'sakura-shoji', messageId, '03-1234-5678', '0312345678', '山田', '取得', 'botpass'],
    );
  }, 60_000);
});
