import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { sampleApp } from './contract.js';
import { freshPrefix, KEY_A, KEY_B, redisStore } from './redis-helpers.js';

let server: RedisServer;
beforeAll(async () => {
  // No RDB compression: a plaintext value in the dump must be findable by a byte search.
  server = await startRedis({ args: ['--rdbcompression', 'no'] });
});
afterAll(async () => {
  await server?.stop();
});

const PHONE = '+81312345678';
const NEW_PHONE = '+81398765432';
const EMAIL = 'hanako.suzuki@example.jp';

describe('RedisApplicationStore: the personal envelope is reused while unchanged', () => {
  it('keeps one envelope across step-only turns, seals a new one for a personal change, never plaintext', async () => {
    const store = await redisStore(server.url);
    const app = sampleApp({
      fields: { name: 'Hanako Suzuki', phone: PHONE, email: EMAIL },
      members: [{ channel: 'email', id: EMAIL }],
      ca: { approvalCode: 'Qw3rTy9Zx1' },
    });
    const blob = () => store.client.hget(`${store.prefix}{${app.id}}:app`, 'blob');
    const conversation = `email:<thread-${EMAIL}>`;
    await store.save({ app, expectedVersion: 0, bind: [conversation] });
    const first = await blob();
    for (let turn = 1; turn <= 3; turn++) {
      const read = await store.loadForTurn(conversation, `ev${turn}`);
      const next = { ...read.stored!.app, answers: { ...read.stored!.app.answers, [`q${turn}`]: 'yes' } };
      const r = await store.save({
        app: next,
        expectedVersion: read.stored!.version,
        eventId: `ev${turn}`,
        audit: { at: 'now', actor: `email:${EMAIL}`, changed: [`q${turn}`] },
      });
      expect(r.status).toBe('saved');
      expect(await blob()).toBe(first); // not re-encrypted: the same IV and ciphertext
    }
    const read = await store.loadForTurn(conversation);
    const changed = { ...read.stored!.app, fields: { ...read.stored!.app.fields, phone: NEW_PHONE } };
    await store.save({ app: changed, expectedVersion: read.stored!.version });
    expect(await blob()).not.toBe(first);
    const other = await redisStore(server.url, { prefix: store.prefix }); // another instance: no cache
    expect((await other.load(app.id))?.app).toEqual({
      ...changed,
      answers: { q1: 'yes', q2: 'yes', q3: 'yes' },
    });
    await server.save();
    const dump = readFileSync(join(server.dir, 'dump.rdb'));
    expect(dump.includes(app.id)).toBe(true); // the search works: plain ids are there
    expect(dump.includes('"q3":"yes"')).toBe(true); // step state is plain
    for (const secret of [PHONE, NEW_PHONE, '312345678', EMAIL, 'Hanako', 'Suzuki', 'Qw3rTy9Zx1']) {
      expect(dump.includes(secret), secret).toBe(false);
    }
    await Promise.all([store.close(), other.close()]);
  });

  it('re-encrypts under a rotated key on the next write even when nothing personal changed', async () => {
    const prefix = freshPrefix();
    const old = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_A]) });
    const app = sampleApp({ fields: { phone: PHONE } });
    await old.save({ app, expectedVersion: 0, bind: ['c1'] });
    const rotated = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_B, KEY_A]) });
    const blob = () => rotated.client.hget(`${prefix}{${app.id}}:app`, 'blob');
    const read = await rotated.loadForTurn('c1');
    await rotated.save({ app: { ...read.stored!.app, answers: { a: '1' } }, expectedVersion: 1 });
    const resealed = await blob();
    expect(JSON.parse(resealed!).kid).toBe('b');
    await rotated.save({ app: { ...read.stored!.app, answers: { a: '2' } }, expectedVersion: 2 });
    expect(await blob()).toBe(resealed); // sealed under the current key: reused from then on
    const onlyNew = await redisStore(server.url, { prefix, keys: new DataKeys([KEY_B]) });
    expect((await onlyNew.load(app.id))?.app.fields.phone).toBe(PHONE);
    await Promise.all([old.close(), rotated.close(), onlyNew.close()]);
  });

  it('never keeps an envelope it did not see at the version it replaces (another instance wrote)', async () => {
    const a = await redisStore(server.url);
    const b = await redisStore(server.url, { prefix: a.prefix });
    const app = sampleApp({ fields: { phone: PHONE } });
    await a.save({ app, expectedVersion: 0, bind: ['c'] });
    const stale = await b.loadForTurn('c'); // b caches version 1
    await a.save({ app: { ...app, fields: { phone: NEW_PHONE } }, expectedVersion: 1 });
    const r = await b.save({ app: { ...stale.stored!.app, answers: { x: '1' } }, expectedVersion: 1 });
    expect(r.status).toBe('conflict');
    if (r.status !== 'conflict') return;
    expect(r.current?.app.fields.phone).toBe(NEW_PHONE);
    await b.save({ app: { ...r.current!.app, answers: { x: '1' } }, expectedVersion: 2 });
    expect((await a.load(app.id))?.app).toEqual({
      ...app,
      fields: { phone: NEW_PHONE },
      answers: { x: '1' },
    });
    await Promise.all([a.close(), b.close()]);
  });

  it('reads an application and audit entries written by the earlier format, and upgrades on write', async () => {
    const store = await redisStore(server.url);
    const keys = new DataKeys([KEY_A]);
    const app = sampleApp({ fields: { phone: PHONE } });
    const hash = `${store.prefix}{${app.id}}:app`;
    await store.client.hset(
      hash,
      'v',
      '3',
      'status',
      'active',
      'flow',
      'acquire',
      'blob',
      keys.sealJson(app, app.id),
    );
    const actor = JSON.stringify(keys.seal('slack:T1:U1', `${app.id}:audit`));
    const stream = `${store.prefix}{${app.id}}:audit`;
    await store.client.xadd(stream, '*', 'at', 'then', 'actor', actor, 'step', 'csr', 'changed', '["csr"]');
    expect(await store.load(app.id)).toEqual({ app, version: 3 });
    await store.save({
      app: { ...app, answers: { y: '1' } },
      expectedVersion: 3,
      audit: { at: 'now', actor: 'slack:T1:U1', step: 'registrant', changed: ['y'], event: 'text' },
    });
    expect(JSON.parse((await store.client.hget(hash, 's'))!).answers).toEqual({ y: '1' });
    const other = await redisStore(server.url, { prefix: store.prefix });
    expect((await other.load(app.id))?.app).toEqual({ ...app, answers: { y: '1' } });
    expect(await other.audit(app.id)).toEqual([
      { at: 'then', actor: 'slack:T1:U1', step: 'csr', changed: ['csr'] },
      { at: 'now', actor: 'slack:T1:U1', step: 'registrant', changed: ['y'], event: 'text' },
    ]);
    await Promise.all([store.close(), other.close()]);
  });
});
