import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationStore } from '../../src/store/application-store.js';
import { sampleApp } from './contract.js';

/**
 * What the turn runner relies on beyond a compare-and-set (src/conversation/run-turn.ts): a claimed
 * binding written with the application, the question each conversation was shown, the reply outbox and
 * its lease, and event ids claimed for every process. `twin` opens a second store on the same data (a
 * second process); stores living in one process pass the same store.
 */
export function turnStoreContract<S extends ApplicationStore>(
  name: string,
  makeStore: () => Promise<S>,
  twin: (store: S) => Promise<S> = async (store) => store,
): void {
  describe(`ApplicationStore turn contract: ${name}`, () => {
    let store: S;
    let other: S;
    beforeEach(async () => {
      store = await makeStore();
      other = await twin(store);
    });
    afterEach(async () => {
      if (other !== store) await other.close();
      await store.close();
    });

    it('two processes starting an application for one conversation make one: the second is told which', async () => {
      const conv = `slack:T1:D1:main:${Math.random()}`;
      const a = sampleApp();
      const b = sampleApp();
      const [ra, rb] = await Promise.all([
        store.save({ app: a, expectedVersion: 0, claim: { conversation: conv, expected: null } }),
        other.save({ app: b, expectedVersion: 0, claim: { conversation: conv, expected: null } }),
      ]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses).toEqual(['bound', 'saved']);
      const winner = ra.status === 'saved' ? a.id : b.id;
      const loser = ra.status === 'saved' ? rb : ra;
      expect(loser).toEqual({ status: 'bound', applicationId: winner });
      expect(await store.resolve(conv)).toBe(winner);
      expect(await other.resolve(conv)).toBe(winner);
      // Nothing of the loser was written.
      expect(await store.load(winner === a.id ? b.id : a.id)).toBeNull();
    });

    it('a claim expecting the closed application re-binds the conversation to the new one', async () => {
      const conv = `email:<${Math.random()}@example.jp>`;
      const old = sampleApp();
      await store.save({ app: old, expectedVersion: 0, claim: { conversation: conv, expected: null } });
      const next = sampleApp();
      const stale = await other.save({
        app: sampleApp(),
        expectedVersion: 0,
        claim: { conversation: conv, expected: null },
      });
      expect(stale).toEqual({ status: 'bound', applicationId: old.id });
      const r = await other.save({
        app: next,
        expectedVersion: 0,
        claim: { conversation: conv, expected: old.id },
      });
      expect(r.status).toBe('saved');
      expect(await store.resolve(conv)).toBe(next.id);
      expect(await store.conversations(next.id)).toContain(conv);
    });

    it('keeps the question a conversation was shown, and returns it with a conflict', async () => {
      const conv = `console:${Math.random()}`;
      const app = sampleApp();
      await store.save({
        app,
        expectedVersion: 0,
        claim: { conversation: conv, expected: null },
        shown: { conversation: conv, question: 'check.duns' },
      });
      expect((await other.loadForTurn(conv)).shown).toBe('check.duns');
      await other.save({ app, expectedVersion: 1, shown: { conversation: conv, question: null } });
      const conflict = await store.save({
        app,
        expectedVersion: 1,
        shown: { conversation: conv, question: 'x' },
      });
      expect(conflict).toMatchObject({ status: 'conflict', shown: null });
      expect((await other.loadForTurn(`console:${Math.random()}`)).shown).toBeUndefined();
    });

    it('commits outbox entries with the turn and lists them as owed until delivered', async () => {
      const app = sampleApp();
      const conv = `slack:T1:C1:${Math.random()}`;
      const reply = { type: 'text' as const, text: 'Taro Yamada, 03-1234-5678' };
      const saved = await store.save({
        app,
        expectedVersion: 0,
        outbox: [{ conversation: conv, replies: [reply], lang: 'ja' }],
      });
      expect(saved.status).toBe('saved');
      const written = saved.status === 'saved' ? saved.outbox : [];
      expect(written).toEqual([
        expect.objectContaining({ id: '1.0', conversation: conv, replies: [reply], lang: 'ja' }),
      ]);
      // A conflicting write commits no entry.
      const lost = await other.save({
        app,
        expectedVersion: 0,
        outbox: [{ conversation: conv, replies: [reply], lang: 'en' }],
      });
      expect(lost.status).toBe('conflict');
      expect(await other.owed(0, 1000)).toContain(app.id);
      expect(await other.owed(60_000, 1000)).not.toContain(app.id);
      const leased = await other.claimOwed(app.id, 'relay-b', 10_000);
      expect(leased?.map((e) => e.id)).toEqual(['1.0']);
      expect(leased?.[0]?.replies).toEqual([reply]);
      // The lease keeps a second relay off; its holder renews it.
      expect(await store.claimOwed(app.id, 'relay-a', 10_000)).toBeNull();
      expect(await other.claimOwed(app.id, 'relay-b', 10_000)).not.toBeNull();
      await other.delivered(app.id, ['1.0'], 'relay-b');
      expect(await store.owed(0, 1000)).not.toContain(app.id);
      expect(await store.claimOwed(app.id, 'relay-a', 10_000)).toEqual([]);
    });

    it('orders owed entries by commit and keeps the undelivered ones', async () => {
      const app = sampleApp();
      const conv = `slack:T1:C1:${Math.random()}`;
      const entry = (text: string) => ({
        conversation: conv,
        replies: [{ type: 'text' as const, text }],
        lang: 'en' as const,
      });
      await store.save({ app, expectedVersion: 0, outbox: [entry('a'), entry('b')] });
      await store.save({ app, expectedVersion: 1 });
      await store.save({ app, expectedVersion: 2, outbox: [entry('c')] });
      const owed = await other.claimOwed(app.id, 'r', 1000);
      expect(owed?.map((e) => e.id)).toEqual(['1.0', '1.1', '3.0']);
      await other.delivered(app.id, ['1.0', '3.0'], 'r');
      expect((await store.claimOwed(app.id, 'q', 1000))?.map((e) => e.id)).toEqual(['1.1']);
      expect(await store.owed(0, 1000)).toContain(app.id);
    });

    it('claims an event id once across processes', async () => {
      const id = `slack:Ev${Math.random()}`;
      const claims = await Promise.all([store.claimEvent(id), other.claimEvent(id), store.claimEvent(id)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });
}
