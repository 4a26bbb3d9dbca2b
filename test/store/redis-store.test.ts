import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { countCommands } from '../../src/store/redis-connection.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { applicationStoreContract, sampleApp } from './contract.js';
import {
  captureLogs,
  connect,
  DAY,
  expireApp,
  freshPrefix,
  KEY_A,
  KEY_B,
  redisStore,
} from './redis-helpers.js';
import { turnStoreContract } from './turn-contract.js';

let server: RedisServer;
beforeAll(async () => {
  // No RDB compression: a plaintext value in the dump must be findable by a byte search.
  server = await startRedis({ args: ['--rdbcompression', 'no'] });
});
afterAll(async () => {
  await server?.stop();
});

applicationStoreContract('redis', () => redisStore(server.url), { expire: expireApp });
turnStoreContract(
  'redis',
  () => redisStore(server.url),
  async (store) => redisStore(server.url, { prefix: store.prefix }),
);
applicationStoreContract('redis without cache', () => redisStore(server.url, { cacheSize: 0 }), {
  expire: expireApp,
});

const PERSONAL = {
  name: 'Taro Yamada',
  phone: '+81312345678',
  email: 'taro.yamada@example.jp',
  address: '1-2-3 Nishishinjuku',
};

describe('RedisApplicationStore', () => {
  it('keeps no personal data in plaintext: a dump of the server holds none of it', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({
      fields: {
        name: PERSONAL.name,
        phone: PERSONAL.phone,
        email: PERSONAL.email,
        address: PERSONAL.address,
      },
      members: [{ channel: 'email', id: PERSONAL.email }],
      ca: { approvalCode: 'Zq8XK2pLm4', approvalUrl: 'https://secure.example/approve?x=1' },
    });
    await store.save({
      app,
      expectedVersion: 0,
      eventId: `<${PERSONAL.email}-msg>`,
      audit: { at: app.createdAt, actor: `email:${PERSONAL.email}`, changed: ['field.phone'] },
      bind: [`email:<thread-${PERSONAL.email}>`],
    });
    await server.save();
    const dump = readFileSync(join(server.dir, 'dump.rdb'));
    expect(dump.includes(app.id)).toBe(true); // the search works: plain ids are there
    for (const secret of [...Object.values(PERSONAL), 'Zq8XK2pLm4', 'Yamada', '312345678']) {
      expect(dump.includes(secret), secret).toBe(false);
    }
    expect(await store.load(app.id)).toEqual({ app, version: 1 });
    expect((await store.audit(app.id))[0]?.actor).toBe(`email:${PERSONAL.email}`);
    await store.close();
  });

  it('reads a turn in one round trip, or none when it holds the current version; writes in one', async () => {
    const store = await redisStore(server.url);
    const count = countCommands(store.client);
    const app = sampleApp();
    const conversation = `slack:C1:${app.id}`;
    let before = count();
    await store.save({ app, expectedVersion: 0, eventId: 'e1', bind: [conversation] });
    expect(count() - before).toBe(1);

    const cold = await redisStore(server.url, { prefix: store.prefix });
    const coldCount = countCommands(cold.client);
    before = coldCount();
    const read = await cold.loadForTurn(conversation, 'e2');
    expect(coldCount() - before).toBe(1);
    before = coldCount();
    await cold.save({ app: read.stored!.app, expectedVersion: 1, eventId: 'e2' });
    expect(coldCount() - before).toBe(1);

    before = coldCount();
    const warm = await cold.loadForTurn(conversation, 'e3');
    expect(coldCount() - before).toBe(0);
    expect(warm.stored?.version).toBe(2);
    await Promise.all([store.close(), cold.close()]);
  });

  it('catches a stale cache: the other instance wrote first, the write conflicts with the fresh state', async () => {
    const a = await redisStore(server.url);
    const b = await redisStore(server.url, { prefix: a.prefix });
    const app = sampleApp();
    const conversation = `console:${app.id}`;
    await a.save({ app, expectedVersion: 0, bind: [conversation] });
    expect((await b.loadForTurn(conversation)).stored?.version).toBe(1); // b caches version 1
    await a.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
    const stale = await b.loadForTurn(conversation, 'late');
    expect(stale.stored?.version).toBe(1); // answered from b's cache
    const r = await b.save({ app: stale.stored!.app, expectedVersion: 1, eventId: 'late' });
    expect(r).toEqual({ status: 'conflict', current: { app: { ...app, lang: 'en' }, version: 2 } });
    expect((await b.loadForTurn(conversation)).stored?.version).toBe(2); // the conflict refreshed it
    await Promise.all([a.close(), b.close()]);
  });

  it('answers a duplicate event from a warm cache through the write, which writes nothing', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0, eventId: 'Ev1', bind: ['c'] });
    const read = await store.loadForTurn('c', 'Ev1');
    const r = await store.save({
      app: { ...app, lang: 'en' },
      expectedVersion: read.stored!.version,
      eventId: 'Ev1',
    });
    expect(r).toEqual({ status: 'duplicate' });
    expect((await store.load(app.id))?.app.lang).toBe('ja');
    await store.close();
  });

  it('rotates keys: old envelopes still open, new ones use the first key, a missing key is named', async () => {
    const prefix = freshPrefix();
    const old = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_A]) });
    const app = sampleApp({ fields: { phone: PERSONAL.phone } });
    await old.save({ app, expectedVersion: 0 });
    const rotated = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_B, KEY_A]) });
    expect((await rotated.load(app.id))?.app.fields.phone).toBe(PERSONAL.phone);
    await rotated.save({ app, expectedVersion: 1 });
    const blob = await rotated.client.hget(`${prefix}{${app.id}}:app`, 'blob');
    expect(JSON.parse(blob!).kid).toBe('b');
    await expect(old.load(app.id)).rejects.toThrow(/no data key with id b/);
    await Promise.all([old.close(), rotated.close()]);
  });

  it('refuses an envelope moved onto another application', async () => {
    const store = await redisStore(server.url);
    const [one, two] = [sampleApp(), sampleApp()];
    await store.save({ app: one, expectedVersion: 0 });
    await store.save({ app: two, expectedVersion: 0 });
    const blob = await store.client.hget(`${store.prefix}{${one.id}}:app`, 'blob');
    await store.client.hset(`${store.prefix}{${two.id}}:app`, 'blob', blob!);
    await expect(store.load(two.id)).rejects.toThrow();
    await store.close();
  });

  it('expires by retention: active after inactivity, cancelled sooner; bindings and audit go with it', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp();
    await store.save({
      app,
      expectedVersion: 0,
      bind: ['keep-me'],
      audit: { at: 'a', actor: 'x', changed: [] },
    });
    const k = (s: string) => `${store.prefix}{${app.id}}:${s}`;
    const ttl = (key: string) => store.client.pttl(key);
    expect(await ttl(k('app'))).toBeGreaterThan(179 * DAY);
    await store.save({ app: { ...app, status: 'cancelled' }, expectedVersion: 1 });
    for (const key of [k('app'), k('audit'), k('convs')]) {
      const left = await ttl(key);
      expect(left).toBeLessThanOrEqual(30 * DAY);
      expect(left).toBeGreaterThan(29 * DAY);
    }
    const convKeys = await store.client.smembers(k('convs'));
    expect(convKeys).toHaveLength(1);
    expect(await ttl(convKeys[0]!)).toBeLessThanOrEqual(30 * DAY);
    await store.close();
  });

  it('keeps only what renewal needs after issuance', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({
      fields: { organizationName: 'Example KK', phone: PERSONAL.phone, name: PERSONAL.name },
      answers: { 'check.duns': 'yes' },
      ca: { approvalCode: 'X' },
      certificate: { notAfter: '2027-12-01T00:00:00Z' },
    });
    await store.save({ app, expectedVersion: 0 });
    await store.save({ app: { ...app, status: 'issued' }, expectedVersion: 1 });
    const kept = (await store.load(app.id))!.app;
    expect(kept.fields).toEqual({ organizationName: 'Example KK' });
    expect(kept.certificate).toEqual(app.certificate);
    expect(kept.members).toEqual(app.members);
    expect(kept.answers).toEqual({});
    expect(kept.ca).toBeUndefined();
    expect(await store.client.pttl(`${store.prefix}{${app.id}}:app`)).toBeGreaterThan(449 * DAY);
    await store.close();
  });

  it('settles a write whose answer was lost: the resend reports the first commit, nothing doubles', async () => {
    const { logger, lines } = captureLogs();
    const store = await redisStore(server.url, { commandTimeoutMs: 1000, logger });
    const app = sampleApp();
    await store.save({ app, expectedVersion: 0 });
    const admin = await connect(server.url);
    // Writes stall 1.5 s on the server: the first send times out (1 s) with its outcome unknown, the
    // resend queues behind it, then both run: the first commits, the resend recognises its token.
    await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE');
    const r = await store.save({
      app: { ...app, lang: 'en' },
      expectedVersion: 1,
      audit: { at: 'b', actor: 'slack:T1:U1', changed: ['lang'] },
    });
    expect(r).toMatchObject({ status: 'saved', version: 2 });
    expect(lines.some((l) => String(l.msg).startsWith('Redis write lost its answer'))).toBe(true);
    expect(await store.audit(app.id)).toHaveLength(1);
    expect((await store.load(app.id))?.version).toBe(2);
    admin.disconnect();
    await store.close();
  });
});
