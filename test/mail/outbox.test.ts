import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { smtpTransport } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { OutboxSender, queueMail } from '../../src/mail/outbox.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { metrics } from '../../src/ops/metrics.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.stop();
});

const logger = createLogger({ level: 'silent' });
let n = 0;

function setup() {
  let now = new Date('2026-11-25T01:00:00Z').getTime();
  const state = new MemoryMailState();
  const transport = createTransport(smtp.url);
  const sender = new OutboxSender({
    state,
    transport,
    from: 'bot@example.test',
    logger,
    clock: () => new Date(now),
    baseDelayMs: 5000,
    maxAttempts: 3,
  });
  const queue = (key = `k${++n}`) =>
    queueMail(
      state,
      'bot@example.test',
      {
        key,
        applicationId: 'A1B2C3',
        to: ['taro@sakura-shoji.co.jp'],
        subject: '[EV SSL A1B2C3] DUNSナンバーを教えてください',
        text: 'DUNSナンバー（9桁）を教えてください。',
        html: '<p>DUNSナンバー（9桁）を教えてください。</p>',
        inReplyTo: '<their.1@sakura-shoji.co.jp>',
        references: ['<root@sakura-shoji.co.jp>', '<their.1@sakura-shoji.co.jp>'],
      },
      new Date(now),
    );
  return { state, sender, queue, advance: (ms: number) => (now += ms), close: () => transport.close() };
}

describe('the outbox, sending through a real SMTP server', () => {
  it('sends a queued mail in the thread: our Message-ID, In-Reply-To, References, UTF-8 text and HTML', async () => {
    const { sender, queue, state, close } = setup();
    const before = smtp.messages.length;
    const m = await queue();
    expect((await state.getOutbox(m.id))?.status).toBe('pending');
    await sender.flush();
    const got = await parseMessage((await smtp.nth(before + 1)).raw);
    expect(got.messageId).toBe(m.messageId);
    expect(m.messageId).toMatch(/^<evssl\.A1B2C3\.[0-9a-f]{24}@example\.test>$/);
    expect(got.inReplyTo).toBe('<their.1@sakura-shoji.co.jp>');
    expect(got.references).toEqual(['<root@sakura-shoji.co.jp>', '<their.1@sakura-shoji.co.jp>']);
    expect(got.subject).toBe('[EV SSL A1B2C3] DUNSナンバーを教えてください');
    expect(got.text.trim()).toBe('DUNSナンバー（9桁）を教えてください。');
    expect(got.html).toContain('<p>DUNSナンバー');
    expect(got.headers.get('auto-submitted')).toBe('auto-replied');
    expect((await state.getOutbox(m.id))?.status).toBe('sent');
    expect((await state.getThread('A1B2C3'))?.references.at(-1)).toBe(m.messageId);
    close();
  });

  it('retries a temporary failure with backoff and sends the mail exactly once', async () => {
    const { sender, queue, state, advance, close } = setup();
    const before = smtp.messages.length;
    const m = await queue();
    smtp.failNext(1, 421);
    await sender.flush();
    expect(await state.getOutbox(m.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'smtp_421',
    });
    await sender.flush(); // not due yet
    expect(smtp.messages.length).toBe(before);
    advance(5000);
    await Promise.all([sender.flush(), sender.flush()]);
    await sender.flush();
    expect(smtp.messages.length).toBe(before + 1);
    expect(await state.getOutbox(m.id)).toMatchObject({ status: 'sent', attempts: 2 });
    close();
  });

  it('keeps a permanently refused mail as failed, never drops or resends it', async () => {
    const { sender, queue, state, advance, close } = setup();
    const before = smtp.messages.length;
    const m = await queue();
    smtp.failNext(1, 550);
    await sender.flush();
    advance(3_600_000);
    await sender.flush();
    expect(smtp.messages.length).toBe(before);
    expect(await state.getOutbox(m.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'smtp_550',
    });
    close();
  });

  it('counts email replies owed, delivered and failed in /metrics (channel email)', async () => {
    const value = async (name: string, labels: Record<string, string>) => {
      const m = metrics().registry.getSingleMetric(name);
      const values = (await m!.get()).values;
      return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
    };
    const at = async () => ({
      owed: await value('evssl_replies_owed_total', { channel: 'email' }),
      delivered: await value('evssl_replies_delivered_total', { channel: 'email' }),
      dropped: await value('evssl_replies_failed_total', { channel: 'email', reason: 'drop' }),
    });
    const { sender, queue, close } = setup();
    const before = await at();
    await queue();
    await sender.flush();
    await queue();
    smtp.failNext(1, 550);
    await sender.flush();
    expect(await at()).toEqual({
      owed: before.owed + 2,
      delivered: before.delivered + 1,
      dropped: before.dropped + 1,
    });
    close();
  });

  it('queues the same reply once however often it is queued', async () => {
    const { sender, queue, close } = setup();
    const before = smtp.messages.length;
    const a = await queue('same-key');
    const b = await queue('same-key');
    expect(b.id).toBe(a.id);
    await sender.flush();
    await sender.flush();
    expect(smtp.messages.length).toBe(before + 1);
    close();
  });
});

describe('the outbox against a slow SMTP server', () => {
  it('sends different applications’ mails side by side over a pool of connections, one application’s in order', async () => {
    const slow = await startSmtp({ acceptDelayMs: 60 });
    const state = new MemoryMailState();
    // The channel's own transport: pooled for a plain smtp:// URL (it opened one connection per mail).
    const transport = smtpTransport({ smtpUrl: slow.url });
    const sender = new OutboxSender({ state, transport, from: 'bot@example.test', logger });
    try {
      const apps = ['A00001', 'A00002', 'A00003', 'A00004'];
      for (const round of [1, 2, 3]) {
        for (const applicationId of apps) {
          await queueMail(
            state,
            'bot@example.test',
            {
              key: `${applicationId}-${round}`,
              applicationId,
              to: ['taro@sakura-shoji.co.jp'],
              subject: `[EV SSL ${applicationId}] 申請`,
              text: `round ${round}`,
              html: `<p>round ${round}</p>`,
              references: [],
            },
            new Date(),
          );
        }
      }
      await sender.flush();
      expect(slow.messages).toHaveLength(12);
      expect(slow.stats.maxInFlight).toBeGreaterThanOrEqual(2);
      expect(slow.stats.maxInFlight).toBeLessThanOrEqual(4);
      expect(slow.stats.connections).toBeLessThanOrEqual(4);
      for (const id of apps) {
        const rounds: string[] = [];
        for (const m of slow.messages) {
          const mail = await parseMessage(m.raw);
          if (mail.subject.includes(id)) rounds.push(mail.text.trim());
        }
        expect(rounds).toEqual(['round 1', 'round 2', 'round 3']);
      }
    } finally {
      transport.close();
      await slow.stop();
    }
  });
});
