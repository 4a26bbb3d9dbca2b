import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import type { Notify } from '../../src/camail/notify.js';
import { routeCaMail } from '../../src/camail/route-ca-mail.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { currentQuestion } from '../../src/flow/progress.js';
import type { Application } from '../../src/flow/state.js';
import { createLogger } from '../../src/log/logger.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { countCommands } from '../../src/store/redis-connection.js';
import type { RedisApplicationStore } from '../../src/store/redis-store.js';
import { csrFor } from '../store/contract.js';
import { KEY_B, redisStore } from '../store/redis-helpers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { atReview, CODES, facts } from './helpers.js';

/**
 * routeCaMail on the Redis store: a CA mail reads the applications filed under its order number and
 * host name, not every active one (each a HMGET and an AES-GCM decryption).
 */
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

const OTHERS = 40;

function servicesOf(store: RedisApplicationStore): TurnServices {
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  return {
    store,
    deps: engineDeps,
    logger: createLogger({ level: 'debug', destination: sink }),
    clock: () => new Date('2026-11-25T02:00:00Z'),
  };
}

function atReviewAs(id: string, over: (app: Application) => void = () => {}): Application {
  const app = structuredClone(atReview().app);
  app.id = id;
  app.members = [{ channel: 'email', id: 'taro@example.co.jp' }];
  over(app);
  return app;
}

describe('routeCaMail on the Redis store', () => {
  it('reads only the applications filed under the mail’s order number and domain', async () => {
    const store = await redisStore(server.url);
    await store.save({ app: atReviewAs('AAA111'), expectedVersion: 0 });
    for (let i = 0; i < OTHERS; i++) {
      const host = `other${i}.example.jp`;
      const app = atReviewAs(`OTHER${i}`, (a) => {
        a.csr = { ...a.csr!, ...csrFor(host, [host]) };
      });
      await store.save({ app, expectedVersion: 0 });
    }
    // An active application this process cannot decrypt (sealed under a data key it does not hold):
    // listing every active application, as routing did, fails on it.
    const foreign = await redisStore(server.url, { prefix: store.prefix, keys: new DataKeys([KEY_B]) });
    await foreign.save({
      app: atReviewAs('FOREIGN1', (a) => {
        a.csr = { ...a.csr!, ...csrFor('foreign.example.jp', ['foreign.example.jp']) };
      }),
      expectedVersion: 0,
    });
    await foreign.close();
    await expect(store.list({ status: 'active' })).rejects.toThrow(/no data key/);

    await store.list({ orderNumber: 'warm-up' }); // the first indexed list of a process checks the markers
    const told: string[] = [];
    const notify: Notify = async (app) => {
      told.push(app.id);
      return true;
    };
    const count = countCommands(store.client);
    const r = await routeCaMail(
      { services: servicesOf(store), notify },
      facts({ kind: 'dcv', verificationCode: CODES.dcv }),
      { eventId: 'camail:<idx-1>' },
    );
    expect(r).toEqual({ status: 'applied', applicationId: 'AAA111', delivered: true });
    expect(told).toEqual(['AAA111']);
    const app = (await store.load('AAA111'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.verification');
    expect(app.ca?.orderNumber).toBe('1234567');
    // Two index look-ups (ZRANGE, and HMGET of what they found) and the turn: nothing per other
    // application (a full read was at least one HMGET each, 40 here).
    expect(count()).toBeLessThan(12);

    // The next mail of the order finds it by its order number too, and once.
    const again = await routeCaMail(
      { services: servicesOf(store), notify },
      facts({ kind: 'subscriber-agreement', verificationCode: CODES.agreement, domain: undefined }),
      { eventId: 'camail:<idx-2>' },
    );
    expect(again).toEqual({ status: 'applied', applicationId: 'AAA111', delivered: true });
    expect(currentQuestion((await store.load('AAA111'))!.app)?.id).toBe('wait.agreement');
    await store.close();
  });
});
