import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailStateStore, OutboxMessage } from '../../src/mail/mail-state-store.js';

let seq = 0;
export function outboxMessage(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  seq += 1;
  return {
    id: `m${process.pid}-${Date.now()}-${seq}`,
    to: ['taro@sakura-shoji.co.jp'],
    subject: '[EV SSL A1B2C3] 役職を教えてください',
    text: 'text',
    html: '<p>html</p>',
    messageId: `<evssl.A1B2C3.${seq}@example.test>`,
    references: [],
    createdAt: '2026-11-25T00:00:00.000Z',
    attempts: 0,
    nextAttemptAt: 1000,
    status: 'pending',
    ...overrides,
  };
}

/** The behaviour every MailStateStore has (memory, Redis): one suite run against each. */
export function mailStateContract(name: string, make: () => Promise<MailStateStore>): void {
  describe(`MailStateStore contract: ${name}`, () => {
    let state: MailStateStore;
    beforeEach(async () => {
      state = await make();
    });
    afterEach(async () => {
      await state.close();
    });

    it('keeps an outbox message once: a second put with the same id changes nothing', async () => {
      const m = outboxMessage();
      expect(await state.putOutbox(m)).toBe(true);
      expect(await state.putOutbox({ ...m, subject: 'other' })).toBe(false);
      expect(await state.getOutbox(m.id)).toEqual(m);
    });

    it('lists due pending messages oldest first, and no longer once sent', async () => {
      const late = outboxMessage({ nextAttemptAt: 3000 });
      const early = outboxMessage({ nextAttemptAt: 2000 });
      const future = outboxMessage({ nextAttemptAt: 9000 });
      for (const m of [late, early, future]) await state.putOutbox(m);
      expect((await state.dueOutbox(5000)).map((m) => m.id)).toEqual([early.id, late.id]);
      await state.markSent(early.id, '2026-11-25T00:00:05.000Z');
      expect((await state.dueOutbox(5000)).map((m) => m.id)).toEqual([late.id]);
      expect(await state.getOutbox(early.id)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('reschedules a failed attempt, and keeps a message it gave up on as failed', async () => {
      const m = outboxMessage({ nextAttemptAt: 1000 });
      await state.putOutbox(m);
      await state.markFailed(m.id, 'smtp_421', 6000);
      expect(await state.dueOutbox(5000)).toEqual([]);
      expect((await state.dueOutbox(6000)).map((x) => x.id)).toEqual([m.id]);
      await state.markFailed(m.id, 'smtp_550', undefined);
      expect(await state.dueOutbox(1e12)).toEqual([]);
      expect(await state.getOutbox(m.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        lastError: 'smtp_550',
      });
    });

    it('stores the checkpoint and the thread of an application', async () => {
      const box = `box-${Date.now()}-${++seq}`;
      expect(await state.getCheckpoint(box)).toBeNull();
      await state.setCheckpoint(box, { uidValidity: '1732500000', lastUid: 42 });
      expect(await state.getCheckpoint(box)).toEqual({ uidValidity: '1732500000', lastUid: 42 });
      const thread = { applicationId: `APP${seq}`, to: ['a@b.jp'], references: ['<1@x>', '<2@x>'] };
      await state.setThread(thread);
      expect(await state.getThread(thread.applicationId)).toEqual(thread);
    });

    it('counts the failures of the mail failing now, and starts again for another mail or another code', async () => {
      const box = `fail-${Date.now()}-${++seq}`;
      expect(await state.recordFailure(box, '7:12', 'EMAXLEN')).toBe(1);
      expect(await state.recordFailure(box, '7:12', 'EMAXLEN')).toBe(2);
      expect(await state.recordFailure(box, '7:12', 'EMAXLEN')).toBe(3);
      expect(await state.recordFailure(`${box}-other`, '7:12', 'EMAXLEN')).toBe(1);
      expect(await state.recordFailure(box, '7:12', 'ETIMEDOUT')).toBe(1);
      expect(await state.recordFailure(box, '7:12', 'ETIMEDOUT')).toBe(2);
      expect(await state.recordFailure(box, '7:13', 'ETIMEDOUT')).toBe(1);
      expect(await state.recordFailure(box, '8:12', 'ETIMEDOUT')).toBe(1);
    });

    it('gives the lock to one owner at a time; only the owner renews or releases it', async () => {
      const lock = `lock-${Date.now()}-${++seq}`;
      expect(await state.acquireLock(lock, 'A', 60_000)).toBe(true);
      expect(await state.acquireLock(lock, 'B', 60_000)).toBe(false);
      expect(await state.renewLock(lock, 'B', 60_000)).toBe(false);
      expect(await state.renewLock(lock, 'A', 60_000)).toBe(true);
      await state.releaseLock(lock, 'B');
      expect(await state.acquireLock(lock, 'B', 60_000)).toBe(false);
      await state.releaseLock(lock, 'A');
      expect(await state.acquireLock(lock, 'B', 60_000)).toBe(true);
    });

    it('lets another owner take a lock whose ttl lapsed', async () => {
      const lock = `lapse-${Date.now()}-${++seq}`;
      expect(await state.acquireLock(lock, 'A', 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 10));
      expect(await state.acquireLock(lock, 'B', 60_000)).toBe(true);
      expect(await state.renewLock(lock, 'A', 60_000)).toBe(false);
    });
  });
}
