import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/flow/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { flowWord, handleMail } from '../../src/mail/handle-mail.js';
import type { MailHandlerDeps } from '../../src/mail/mail-handler.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { refuseOversized } from '../../src/mail/refuse-oversized.js';
import { answerText, replyEvent } from '../../src/mail/reply-event.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { parseFixture } from './fixtures.js';

/** These tests stop before the CSR step: the engine is never asked to analyse one. */
const deps: EngineDeps = {
  analyzeCsr: () => {
    throw new Error('not reached');
  },
};

function setup(overrides: Partial<MailHandlerDeps> = {}) {
  const store = new MemoryApplicationStore();
  const state = new MemoryMailState();
  let n = 0;
  const handler: MailHandlerDeps = {
    services: {
      store,
      deps,
      logger: createLogger({ level: 'silent' }),
      clock: () => new Date('2026-11-25T01:00:00Z'),
      newId: () => `A1B2C${++n}`,
    },
    state,
    from: 'bot@example.test',
    allowedDomains: ['sakura-shoji.co.jp'],
    requireAuth: true,
    maxAttachmentBytes: 1024 * 1024,
    ...overrides,
  };
  return { store, state, handler };
}

const mail = (head: Record<string, string>, body: string) =>
  parseMessage(
    `${Object.entries({ To: 'bot@example.test', 'Content-Type': 'text/plain; charset=UTF-8', ...head })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`,
  );

async function startThread(handler: MailHandlerDeps) {
  const first = await parseFixture('new-application-ja.eml');
  const outcome = await handleMail(handler, first);
  expect(outcome).toMatchObject({ action: 'answered', applicationId: 'A1B2C1' });
  if (outcome.action !== 'answered') throw new Error('no answer');
  const sent = (await handler.state.getOutbox(outcome.outboxId))!;
  return { first, sent };
}

const answerTo = (
  sent: { messageId: string; references: string[]; subject: string },
  from: string,
  body: string,
  id: string,
) =>
  mail(
    {
      From: from,
      Subject: `Re: ${sent.subject}`,
      'Message-ID': id,
      'In-Reply-To': sent.messageId,
      References: [...sent.references, sent.messageId].join(' '),
    },
    body,
  );

describe('handleMail', () => {
  it('starts an application from an allowed domain and answers in the thread with the reference', async () => {
    const { handler, store } = setup();
    const { first, sent } = await startThread(handler);
    expect(sent.subject).toMatch(/^\[EV SSL A1B2C1\] /);
    expect(sent.inReplyTo).toBe(first.messageId);
    expect(sent.references).toEqual([first.messageId]);
    expect(sent.to).toEqual(['taro.yamada@sakura-shoji.co.jp']);
    expect(sent.text).toContain('申請番号 A1B2C1');
    expect(sent.html).toContain('<p');
    expect((await store.load('A1B2C1'))?.app.flow).toBe('acquire');
  });

  it('finds the application from References, and answers a repeated Message-ID only once', async () => {
    const { handler } = setup();
    const { sent } = await startThread(handler);
    const answer = await answerTo(
      sent,
      'taro.yamada@sakura-shoji.co.jp',
      'はい\n\n> quoted',
      '<a1@sakura-shoji.co.jp>',
    );
    expect(await handleMail(handler, answer)).toMatchObject({ action: 'answered', applicationId: 'A1B2C1' });
    expect(await handleMail(handler, answer)).toEqual({ action: 'duplicate' });
  });

  it('answers with the status when a turn was saved but its answer never reached the outbox', async () => {
    const { handler, store } = setup();
    const { sent } = await startThread(handler);
    const answer = await answerTo(
      sent,
      'taro.yamada@sakura-shoji.co.jp',
      'はい',
      '<crash@sakura-shoji.co.jp>',
    );
    // As if the bot died after runTurn saved the answer and before it queued the reply.
    const saved = await store.load('A1B2C1');
    await store.save({
      app: saved!.app,
      expectedVersion: saved!.version,
      eventId: 'email:<crash@sakura-shoji.co.jp>',
    });
    const outcome = await handleMail(handler, answer);
    expect(outcome).toMatchObject({ action: 'answered', applicationId: 'A1B2C1' });
  });

  it('finds the application from the subject reference when the client dropped References', async () => {
    const { handler } = setup();
    await startThread(handler);
    const answer = await mail(
      {
        From: 'taro.yamada@sakura-shoji.co.jp',
        Subject: 'Re:[EV SSL A1B2C1] x',
        'Message-ID': '<carrier.1@ezweb.ne.jp>',
      },
      'はい',
    );
    expect(await handleMail(handler, answer)).toMatchObject({ action: 'answered', applicationId: 'A1B2C1' });
  });

  it('lets no one but the applicant act: a colleague in the thread gets nothing', async () => {
    const { handler } = setup();
    const { sent } = await startThread(handler);
    const other = await answerTo(sent, 'boss@sakura-shoji.co.jp', 'キャンセル', '<c1@sakura-shoji.co.jp>');
    expect(await handleMail(handler, other)).toEqual({ action: 'ignored', reason: 'not-a-member' });
  });

  it.each([
    ['out-of-office-ja.eml', 'auto-submitted'],
    ['outlook-automatic-reply.eml', 'out-of-office'],
    ['bounce-dsn.eml', 'bounce'],
    ['forged-dmarc-fail.eml', 'auth-dmarc=fail'],
  ])('answers nothing to %s (%s)', async (file, reason) => {
    const { handler, state } = setup();
    expect(await handleMail(handler, await parseFixture(file))).toEqual({ action: 'ignored', reason });
    expect(await state.dueOutbox(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('trusts a failed Authentication-Results when told to (MAIL_REQUIRE_AUTH=false)', async () => {
    const { handler } = setup({ requireAuth: false, allowedDomains: ['sakura-shoji.co.jp'] });
    const outcome = await handleMail(handler, await parseFixture('forged-dmarc-fail.eml'));
    expect(outcome.action).toBe('answered');
  });

  it('starts nothing for a sender outside the allowed domains, and ignores its own mail', async () => {
    const { handler } = setup();
    const stranger = await mail(
      { From: 'x@spam.example', Subject: '取得', 'Message-ID': '<s@spam.example>' },
      '取得',
    );
    expect(await handleMail(handler, stranger)).toEqual({ action: 'ignored', reason: 'unknown-sender' });
    const own = await mail({ From: 'bot@example.test', Subject: 'x', 'Message-ID': '<o@example.test>' }, 'x');
    expect(await handleMail(handler, own)).toEqual({ action: 'ignored', reason: 'own-mail' });
  });

  it('hands a mail a recogniser claims to it, before anything else', async () => {
    const claimed: string[] = [];
    const { handler } = setup({
      recognisers: [
        {
          name: 'ca',
          recognise: (m) => (m.from?.address === 'noreply@sectigo.com' ? { kind: 'ca-test' } : undefined),
        },
      ],
      onRecognised: async (m: ParsedMail) => {
        claimed.push(m.subject);
      },
    });
    const ca = await mail(
      {
        From: 'noreply@sectigo.com',
        Subject: 'ORDER #1',
        'Message-ID': '<ca@sectigo.com>',
        'Auto-Submitted': 'auto-generated',
      },
      'code',
    );
    expect(await handleMail(handler, ca)).toEqual({ action: 'claimed', kind: 'ca-test' });
    expect(claimed).toEqual(['ORDER #1']);
  });

  it('tells the sender of an oversized mail, in the thread, without reading it', async () => {
    const { handler, state } = setup();
    const { sent } = await startThread(handler);
    const head = await answerTo(sent, 'taro.yamada@sakura-shoji.co.jp', '', '<big@sakura-shoji.co.jp>');
    const outcome = await refuseOversized(handler, head, 30 * 1024 * 1024, 20 * 1024 * 1024);
    expect(outcome.action).toBe('answered');
    if (outcome.action !== 'answered') return;
    const m = (await state.getOutbox(outcome.outboxId))!;
    expect(m.text).toContain('30.0 MB');
    expect(m.inReplyTo).toBe('<big@sakura-shoji.co.jp>');
  });
});

describe('reading the answer out of a reply', () => {
  it('sends several label: value lines as one form, anything else as text', () => {
    expect(replyEvent('DUNS: 123456789\n役職: President')).toEqual({
      type: 'form',
      values: { duns: '123456789', title: 'President' },
    });
    expect(replyEvent('お世話になっております。\n\nはい\n\nよろしくお願いします。\n山田')).toEqual({
      type: 'text',
      text: 'はい',
    });
  });

  it.each([
    ['Hi,\n\nOpened\n\nBest regards,\nJohn', 'Opened'],
    ['EV SSL Bot 様\n\nお世話になっております。さくら商事の山田です。\n開きました', '開きました'],
    ['完了', '完了'],
  ])('keeps only the answer of %j', (text, expected) => {
    expect(answerText(text)).toBe(expected);
  });

  it.each([
    ['EV SSL証明書の取得申請', 'お願いします', 'acquire'],
    ['更新のお願い', '', 'renew'],
    ['Re: [EV SSL] 取得申請と更新申請のどちらですか？', '2', '2'],
    ['Re: [EV SSL] 取得申請と更新申請のどちらですか？', '取得でお願いします', 'acquire'],
    ['hello', 'hi', ''],
  ])('picks the flow from %j / %j', (subject, text, expected) => {
    expect(flowWord(subject, text)).toBe(expected);
  });
});

describe('handleMail after issuance', () => {
  it('starts the next renewal on a reply 更新 in the thread of an issued application, carrying over the organisation', async () => {
    const { handler, store, state } = setup();
    const first = await parseFixture('new-application-ja.eml');
    const started = await handleMail(handler, first);
    if (started.action !== 'answered') throw new Error('no answer');
    const sent = (await state.getOutbox(started.outboxId))!;

    // The application went all the way through (its turns are other tests'): issued, organisation kept.
    const saved = (await store.load('A1B2C1'))!;
    await store.save({
      app: {
        ...saved.app,
        status: 'issued',
        fields: { ...saved.app.fields, organizationName: 'Sakura Shoji Co., Ltd.', duns: '123456789' },
      },
      expectedVersion: saved.version,
    });

    const reply = await parseMessage(
      [
        'From: taro.yamada@sakura-shoji.co.jp',
        'To: bot@example.test',
        `Subject: Re: ${sent.subject}`,
        'Message-ID: <renew.1@sakura-shoji.co.jp>',
        `In-Reply-To: ${sent.messageId}`,
        `References: ${[...sent.references, sent.messageId].join(' ')}`,
        'Content-Type: text/plain; charset=UTF-8',
        '',
        '更新',
        '',
      ].join('\r\n'),
    );
    const outcome = await handleMail(handler, reply);
    expect(outcome).toMatchObject({ action: 'answered', applicationId: 'A1B2C2' });
    if (outcome.action !== 'answered') throw new Error('no answer');
    const answer = (await state.getOutbox(outcome.outboxId))!;
    expect(answer.text).toContain('更新申請を始めます');
    expect(answer.text).toMatch(
      /前回の申請（A1B2C1）から次の内容を引き継ぎました[\s\S]*Sakura Shoji Co\., Ltd\./,
    );
    expect(answer.text).not.toContain('次の更新は「更新」と');

    const renewal = (await store.load('A1B2C2'))!.app;
    expect(renewal.flow).toBe('renew');
    expect(renewal.fields.organizationName).toBe('Sakura Shoji Co., Ltd.');
    expect((await store.load('A1B2C1'))!.app.status).toBe('issued');
  });
});
