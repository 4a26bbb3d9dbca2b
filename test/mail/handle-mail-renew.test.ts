import { describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/flow/deps.js';
import { createLogger } from '../../src/log/logger.js';
import { handleMail } from '../../src/mail/handle-mail.js';
import type { MailHandlerDeps } from '../../src/mail/mail-handler.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { parseFixture } from './fixtures.js';

/** The renewal starts before its CSR step: the engine is never asked to analyse one. */
const deps: EngineDeps = {
  analyzeCsr: () => {
    throw new Error('not reached');
  },
};

function setup() {
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
  };
  return { store, state, handler };
}

describe('handleMail after issuance (issue 14 item 2, email)', () => {
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
