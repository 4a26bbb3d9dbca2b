import { describe, expect, it } from 'vitest';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { applicationStoreContract, sampleApp } from './contract.js';

applicationStoreContract('memory', async () => new MemoryApplicationStore());

describe('MemoryApplicationStore', () => {
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
