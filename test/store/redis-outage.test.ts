import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../src/flow/state.js';
import type { ApplicationStore } from '../../src/store/application-store.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import { StoreUnavailableError } from '../../src/store/store-errors.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { sampleApp } from './contract.js';
import { captureLogs, freshPrefix, KEY_A, RETENTION } from './redis-helpers.js';

/** One answer of a conversation the way runTurn does it: one read, one compare-and-set write. */
async function turn(store: ApplicationStore, conversation: string, eventId: string, answer: string) {
  const read = await store.loadForTurn(conversation, eventId);
  if (read.duplicate) return 'duplicate';
  const app: Application = structuredClone(read.stored!.app);
  app.answers[`q${Object.keys(app.answers).length}`] = answer;
  const r = await store.save({
    app,
    expectedVersion: read.stored!.version,
    eventId,
    audit: { at: eventId, actor: 'slack:T1:U1', changed: ['answer'], event: 'text' },
  });
  return r.status;
}

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

describe('Redis store when Redis goes away', () => {
  it('fails fast while Redis is down, says nothing was written, reconnects, and loses or doubles nothing', async () => {
    const { logger, lines } = captureLogs();
    const settings = { url: server.url, prefix: freshPrefix(), dataKeys: [KEY_A], retention: RETENTION };
    const store = await createRedisStore(settings, logger, { maxReconnectDelayMs: 50, settleMs: 200 });
    const app = sampleApp();
    const conversation = `slack:C9:${app.id}`;
    await store.save({ app, expectedVersion: 0, eventId: 'e0', bind: [conversation] });
    expect(await turn(store, conversation, 'e1', 'one')).toBe('saved');

    const closed = new Promise((resolve) => store.client.once('close', resolve));
    await server.shutdown(); // snapshot on the way down (persistence stands in for a real deployment's)
    await closed; // the client has seen it: what follows is "Redis is away", not a race with the socket
    const failed = await turn(store, conversation, 'e2', 'two').catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect((failed as StoreUnavailableError).committed).toBe(false);
    expect(
      lines.some((l) => l.level === 40 && /Redis (unreachable|connection closed)/.test(String(l.msg))),
    ).toBe(true);

    await server.restart();
    await new Promise<void>((resolve) => {
      if (store.client.status === 'ready') resolve();
      else store.client.once('ready', () => resolve());
    });
    expect(lines.some((l) => l.msg === 'Redis reconnected')).toBe(true);

    // The user was told to send e2 again; Slack also retries e1: processed once, e2 now applied once.
    expect(await turn(store, conversation, 'e1', 'one')).toBe('duplicate');
    expect(await turn(store, conversation, 'e2', 'two')).toBe('saved');
    expect(await turn(store, conversation, 'e2', 'two')).toBe('duplicate');
    const final = await store.load(app.id);
    expect(final?.version).toBe(3);
    expect(final?.app.answers).toEqual({ q0: 'one', q1: 'two' });
    expect((await store.audit(app.id)).map((e) => e.at)).toEqual(['e1', 'e2']);
    await store.close();
  });

  it('refuses to start when Redis cannot be reached, naming the target but no password', async () => {
    const { logger } = captureLogs();
    const port = server.port + 1;
    const settings = {
      url: `redis://:hunter2@127.0.0.1:${port}`,
      prefix: freshPrefix(),
      dataKeys: [KEY_A],
      retention: RETENTION,
    };
    const err = await createRedisStore(settings, logger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).hint).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(err) + String(err) + (err as StoreUnavailableError).hint).not.toContain('hunter2');
  });
});
