import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/flow/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { handleMail } from '../../src/mail/handle-mail.js';
import type { MailHandlerDeps, MailOutcome } from '../../src/mail/mail-handler.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { createReminders, type RunningReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId } from '../../src/remind/registry.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { manualClock, silentLogger } from '../remind/harness.js';
import { useRedisServer } from '../support/redis-server.js';

/** A command never reaches the engine: any call to it fails the test. */
const deps: EngineDeps = {
  analyzeCsr: () => {
    throw new Error('not reached');
  },
};

const redis = useRedisServer();
const running: RunningReminders[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

function setup(withReminders = true) {
  const store = new MemoryApplicationStore();
  const state = new MemoryMailState();
  const handler: MailHandlerDeps = {
    services: {
      store,
      deps,
      logger: createLogger({ level: 'silent' }),
      clock: () => new Date('2026-11-25T01:00:00Z'),
    },
    state,
    from: 'bot@example.test',
    allowedDomains: ['sakura-shoji.co.jp'],
    requireAuth: true,
    maxAttachmentBytes: 1024 * 1024,
  };
  let r: RunningReminders | undefined;
  if (withReminders) {
    r = createReminders({
      redisUrl: redis.url,
      prefix: `t${randomBytes(4).toString('hex')}:`,
      store,
      logger: silentLogger(),
      clock: manualClock('2026-11-25T01:00:00Z').now,
      notifier: createNotifier({}),
    });
    running.push(r);
    handler.services.reminders = r;
  }
  return { store, state, handler, r };
}

let seq = 0;
const mail = (from: string, subject: string, body: string, head: Record<string, string> = {}) =>
  parseMessage(
    `${Object.entries({
      From: from,
      To: 'bot@example.test',
      Subject: subject,
      'Message-ID': `<m${++seq}@${from.split('@')[1]}>`,
      'Content-Type': 'text/plain; charset=UTF-8',
      ...head,
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`,
  );

async function answered(handler: MailHandlerDeps, outcome: MailOutcome) {
  expect(outcome).toMatchObject({ action: 'answered' });
  if (outcome.action !== 'answered') throw new Error('not answered');
  return (await handler.state.getOutbox(outcome.outboxId))!;
}

const TARO = 'taro.yamada@sakura-shoji.co.jp';
const CERT = certificateId('mail-sakura-shoji.co.jp', 'www.sakura-shoji.co.jp');

describe('email: reminder and certs commands (issue 8)', () => {
  it('a new mail "certs add" registers the certificate for the sender’s team; no application starts', async () => {
    const { handler, store, r } = setup();
    const sent = await answered(
      handler,
      await handleMail(handler, await mail(TARO, 'certs add www.sakura-shoji.co.jp 2027-01-20', '山田')),
    );
    expect(sent.to).toEqual([TARO]);
    expect(sent.text).toContain(CERT);
    expect(await r!.registry.get(CERT)).toMatchObject({ team: 'mail-sakura-shoji.co.jp' });
    expect(await r!.registry.getTeam('mail-sakura-shoji.co.jp')).toMatchObject({ emails: [TARO] });
    expect(await store.list()).toHaveLength(0);
  });

  it('a reply "snooze ID DAYS" to a reminder snoozes it and is answered in that thread, once', async () => {
    const { handler, r } = setup();
    await handleMail(handler, await mail(TARO, 'certs add www.sakura-shoji.co.jp 2027-01-20', ''));
    const reply = await mail(
      TARO,
      'Re: 【EV SSL更新】www.sakura-shoji.co.jp の証明書はあと56日で期限切れです',
      `snooze ${CERT} 14\r\n\r\n山田\r\n\r\n> 後で知らせる: /evssl snooze ${CERT} 日数`,
      { 'In-Reply-To': '<reminder-1@example.test>', References: '<reminder-1@example.test>' },
    );
    const sent = await answered(handler, await handleMail(handler, reply));
    expect(sent.text).toContain('14日後まで通知を止めます');
    expect(sent.inReplyTo).toBe(reply.messageId);
    expect(sent.references).toContain('<reminder-1@example.test>');
    expect((await r!.registry.get(CERT))?.snoozedUntil).toBe('2026-12-09T01:00:00.000Z');
    expect(await handleMail(handler, reply)).toEqual({ action: 'duplicate' });
  });

  it('a stranger’s command gets no answer and changes nothing', async () => {
    const { handler, r } = setup();
    await handleMail(handler, await mail(TARO, 'certs add www.sakura-shoji.co.jp 2027-01-20', ''));
    for (const text of [`done ${CERT}`, 'certs add www.evil.example 2027-01-20']) {
      expect(await handleMail(handler, await mail('mallory@evil.example', 'x', text))).toMatchObject({
        action: 'ignored',
      });
    }
    expect((await r!.registry.get(CERT))?.state).toBe('active');
    expect(await r!.registry.count()).toBe(1);
  });

  it('without reminders (STORE=memory, no REDIS_URL) the sender hears that reminders are off', async () => {
    const { handler } = setup(false);
    const sent = await answered(handler, await handleMail(handler, await mail(TARO, 'Re: x', `ack ${CERT}`)));
    expect(sent.text).toContain('STORE=memory');
  });
});
