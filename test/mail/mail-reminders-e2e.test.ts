import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId } from '../../src/remind/registry.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { manualClock } from '../remind/harness.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

const TARO = 'taro@sakura-shoji.co.jp';
const CERT = certificateId('mail-sakura-shoji.co.jp', 'www.sakura-shoji.co.jp');
const composer = createTransport({ streamTransport: true, buffer: true });

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let redis: RedisServer;
let channel: MailChannel;
let reminders: RunningReminders;

beforeAll(async () => {
  [dovecot, smtp, redis] = await Promise.all([startDovecot(), startSmtp(), startRedis()]);
  const { settings } = mailConfig(dovecot, smtp, {
    MAIL_ALLOWED_DOMAINS: 'sakura-shoji.co.jp',
  });
  const logger = createLogger({ level: 'silent' });
  const services: TurnServices = {
    store: new MemoryApplicationStore(),
    deps: engineDeps,
    clock: () => new Date(),
    logger,
  };
  // As at start-up: the reminders first (handed to the channel in its services), then the mail channel.
  reminders = createReminders({
    redisUrl: redis.url,
    store: services.store,
    logger,
    clock: manualClock('2026-11-25T01:00:00Z').now, // a Wednesday, 10:00 in Tokyo
    notifier: createNotifier({ smtpUrl: smtp.url, from: 'bot@example.test' }),
  });
  reminders.startWorker();
  services.reminders = reminders;
  channel = createMailChannel({
    settings,
    services,
    state: new MemoryMailState(),
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
  });
});
afterAll(async () => {
  await channel?.stop();
  await reminders?.stop();
  await Promise.all([smtp?.stop(), dovecot?.stop(), redis?.stop()]);
});

/** Taro writes to the bot (a reply quotes the mail it answers, as Gmail does). */
async function write(subject: string, text: string, to?: ParsedMail): Promise<void> {
  const info = await composer.sendMail({
    from: `山田 太郎 <${TARO}>`,
    to: 'bot@example.test',
    subject,
    messageId: `<m.${Date.now()}.${Math.random().toString(36).slice(2)}@sakura-shoji.co.jp>`,
    ...(to?.messageId ? { inReplyTo: to.messageId, references: [...to.references, to.messageId] } : {}),
    text: to ? `${text}\n\n${to.text?.replace(/^/gm, '> ')}` : text,
  });
  await dovecot.deliver(info.message as Buffer, 'bot@example.test', TARO);
}

/** The first `n` mails sent, those matching `last` moved to the end. */
async function mails(n: number, last: (m: ParsedMail) => boolean): Promise<ParsedMail[]> {
  await smtp.nth(n);
  const parsed = await Promise.all(smtp.messages.slice(0, n).map((m) => parseMessage(m.raw)));
  return [...parsed.filter((m) => !last(m)), ...parsed.filter(last)];
}

describe('renewal reminders by email (Dovecot IMAP + SMTP + Redis)', () => {
  it('a mail registers a certificate, its reminder is mailed, and a "snooze" reply snoozes it', async () => {
    await write('certs add www.sakura-shoji.co.jp 2027-01-20', '山田');
    // The answer, and the catch-up reminder (55 days left: the 60-day threshold passed), in either order.
    await reminders.tick();
    const [added, reminder] = await mails(2, (m) => m.subject.includes('【EV SSL更新】'));
    expect(added!.text).toContain(CERT);
    expect(reminder!.to.map((a) => a.address)).toEqual([TARO]);
    expect(reminder!.text).toContain(`/evssl snooze ${CERT}`);

    await write(`Re: ${reminder!.subject}`, `snooze ${CERT} 7`, reminder);
    const answer = await parseMessage((await smtp.nth(3)).raw);
    expect(answer.subject).not.toContain('【EV SSL更新】');
    expect(answer.text).toContain('7日後まで通知を止めます');
    expect(answer.inReplyTo).toBeDefined();
    expect((await reminders.registry.get(CERT))?.snoozedUntil).toBe('2026-12-02T01:00:00.000Z');
  });
});
