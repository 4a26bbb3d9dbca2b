import { describe, expect, it } from 'vitest';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import { turnStoreContract } from './turn-contract.js';

applicationStoreContract('memory', async () => new MemoryApplicationStore());
turnStoreContract('memory', async () => new MemoryApplicationStore());

// With retention on a clock the suite can move: `expire` cancels the application (1 day) and moves the
// clock past that, while the others (active: 180 days) stay.
const DAY = 24 * 3600 * 1000;
const RETENTION = { cancelledMs: DAY, abandonedMs: 180 * DAY, issuedMs: 450 * DAY, issuedKeep: ['members'] };
const clocks = new WeakMap<MemoryApplicationStore, { now: number }>();
applicationStoreContract(
  'memory with retention',
  async () => {
    const clock = { now: Date.parse('2026-11-01T00:00:00Z') };
    const store = new MemoryApplicationStore({ retention: RETENTION, now: () => clock.now });
    clocks.set(store, clock);
    return store;
  },
  {
    expire: async (store, id) => {
      const s = (await store.load(id))!;
      await store.save({ app: { ...s.app, status: 'cancelled' }, expectedVersion: s.version });
      clocks.get(store)!.now += DAY + 1;
    },
  },
);

describe('MemoryApplicationStore', () => {
  it('forgets a cancelled application after its retention, with its bindings, index entries and audit', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const store = new MemoryApplicationStore({ retention: RETENTION, now: () => now });
    const app = sampleApp({ members: [{ channel: 'console', id: 'me' }] });
    await store.save({
      app,
      expectedVersion: 0,
      bind: ['console:1'],
      audit: { at: 'x', actor: 'console:me', changed: [] },
    });
    await store.save({ app: { ...app, status: 'cancelled' }, expectedVersion: 1 });
    now += DAY - 1;
    expect((await store.load(app.id))?.app.status).toBe('cancelled');
    now += 2;
    expect(await store.load(app.id)).toBeNull();
    expect(await store.resolve('console:1')).toBeNull();
    expect((await store.loadForTurn('console:1')).applicationId).toBeNull();
    expect(await store.list({ member: 'console:me' })).toEqual([]);
    expect(await store.audit(app.id)).toEqual([]);
    expect(await store.conversations(app.id)).toEqual([]);
    // The id can start again from version 0.
    expect((await store.save({ app, expectedVersion: 0 })).status).toBe('saved');
  });

  it('keeps an active application until it has been idle for the abandoned time, each save restarting it', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const store = new MemoryApplicationStore({ retention: RETENTION, now: () => now });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0 });
    now += 179 * DAY;
    await store.save({ app, expectedVersion: 1 });
    now += 179 * DAY;
    expect((await store.load(app.id))?.version).toBe(2);
    now += 2 * DAY;
    expect(await store.load(app.id)).toBeNull();
  });

  it('after issuance stores only what renewal needs', async () => {
    const store = new MemoryApplicationStore({ retention: RETENTION });
    const app = sampleApp({
      fields: { phone: '+81312345678', name: 'Taro Yamada' },
      members: [{ channel: 'console', id: 'me' }],
    });
    await store.save({ app: { ...app, status: 'issued' }, expectedVersion: 0 });
    const stored = (await store.load(app.id))!.app;
    expect(stored.status).toBe('issued');
    expect(stored.fields).toEqual({});
    expect(stored.members).toEqual([{ channel: 'console', id: 'me' }]);
  });

  it('forgets an event id after its time to live', async () => {
    let now = 1_000;
    const store = new MemoryApplicationStore({ eventTtlMs: 100, now: () => now });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0, eventId: 'e1' });
    expect(await store.isProcessed('e1', app.id)).toBe(true);
    now += 101;
    expect(await store.isProcessed('e1', app.id)).toBe(false);
  });

  it('caps the audit trail', async () => {
    const store = new MemoryApplicationStore({ auditCap: 3 });
    const app = sampleApp();
    for (let v = 0; v < 5; v++) {
      await store.save({
        app,
        expectedVersion: v,
        audit: { at: String(v), actor: 'console:me', changed: [] },
      });
    }
    expect((await store.audit(app.id)).map((e) => e.at)).toEqual(['2', '3', '4']);
  });
});
