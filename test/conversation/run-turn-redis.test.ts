import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTurn, type TurnRequest, type TurnServices } from '../../src/conversation/run-turn.js';
import type { EngineDeps } from '../../src/flow/deps.js';
import { MESSAGES } from '../../src/flow/messages.js';
import type { Actor } from '../../src/flow/state.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import type { RedisApplicationStore } from '../../src/store/redis-store.js';
import { captureLogs, freshPrefix, KEY_A, RETENTION } from '../store/redis-helpers.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

// These turns never reach the CSR step: the analysers are not needed (and src/cert is not imported).
const deps: EngineDeps = {
  analyzeCsr: () => {
    throw new Error('not used');
  },
};
const SLACK: Actor = { channel: 'slack', id: 'T1:U1' };
const MAIL: Actor = { channel: 'email', id: 'taro@example.co.jp' };

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

/** One bot instance: its own connection and cache, on a namespace shared with the other instances. */
async function instance(
  prefix: string,
  tuning = {},
): Promise<TurnServices & { store: RedisApplicationStore }> {
  const settings = { url: server.url, prefix, dataKeys: [KEY_A], retention: RETENTION };
  const { logger } = captureLogs();
  const store = await createRedisStore(settings, logger, {
    maxReconnectDelayMs: 50,
    settleMs: 300,
    ...tuning,
  });
  return { store, deps, logger, clock: () => new Date('2026-11-25T02:00:00Z') };
}

const text = (t: string) => ({ type: 'text' as const, text: t });
const said = (r: Awaited<ReturnType<typeof runTurn>>) =>
  r.status === 'duplicate' ? '' : r.replies.map((x) => ('text' in x ? x.text : '')).join('\n');

/** Starts an application in Slack with the email applicant as a teammate, bound to both conversations. */
async function started(services: TurnServices, tag: string) {
  const slack = `slack:T1:C1:${tag}`;
  const start = await runTurn(services, {
    conversation: slack,
    actor: SLACK,
    event: text('acquire'),
    lang: 'en',
  });
  if (start.status !== 'done' || !start.app) throw new Error('did not start');
  const app = { ...start.app, members: [...start.app.members, MAIL] };
  const r = await services.store.save({ app, expectedVersion: 1, bind: [`email:<${tag}@example.co.jp>`] });
  expect(r.status).toBe('saved');
  return { id: start.app.id, slack, email: `email:<${tag}@example.co.jp>` };
}

describe('runTurn on the Redis store', () => {
  it('two people answering at once from two instances: no lost update, the late one is told it moved on', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await instance(prefix), await instance(prefix)];
    const { id, slack, email } = await started(a, 'race');
    await b.store.loadForTurn(email); // both instances hold version 2 in their caches
    const [r1, r2] = await Promise.all([
      runTurn(a, { conversation: slack, actor: SLACK, event: text('yes'), eventId: 'slack-1' }),
      runTurn(b, { conversation: email, actor: MAIL, event: text('yes'), eventId: '<m1@example.co.jp>' }),
    ]);
    const stored = await a.store.load(id);
    expect(stored?.version).toBe(4); // both turns committed, one after the other
    expect(stored?.app.answers).toEqual({ 'check.duns': 'yes' }); // the answer is applied once
    const movedOn = [said(r1), said(r2)].filter((s) => s.includes(MESSAGES.movedOn.en));
    expect(movedOn).toHaveLength(1);
    expect((await a.store.audit(id)).map((e) => e.actor)).toEqual([
      'slack:T1:U1',
      expect.stringMatching(/^(slack:T1:U1|email:taro@example.co.jp)$/),
      expect.stringMatching(/^(slack:T1:U1|email:taro@example.co.jp)$/),
    ]);
    await Promise.all([a.store.close(), b.store.close()]);
  });

  it('processes the same inbound event once, delivered twice in a row or at the same time', async () => {
    const services = await instance(freshPrefix());
    const { id, slack } = await started(services, 'dup');
    const request: TurnRequest = { conversation: slack, actor: SLACK, event: text('yes'), eventId: 'Ev42' };
    const [x, y] = await Promise.all([runTurn(services, request), runTurn(services, request)]);
    expect([x.status, y.status].sort()).toEqual(['done', 'duplicate']);
    expect((await runTurn(services, request)).status).toBe('duplicate');
    const other = await instance(services.store.prefix); // a cold instance sees it too, in its one read
    expect((await runTurn(other, request)).status).toBe('duplicate');
    expect((await services.store.load(id))?.version).toBe(3);
    await Promise.all([services.store.close(), other.store.close()]);
  });

  it('survives a restart of redis-server mid-conversation: nothing lost, nothing doubled', async () => {
    const services = await instance(freshPrefix());
    const { id, slack } = await started(services, 'restart');
    const turn = (t: string, eventId: string) =>
      runTurn(services, { conversation: slack, actor: SLACK, event: text(t), eventId });
    expect((await turn('yes', 'e1')).status).toBe('done');

    const closed = new Promise((resolve) => services.store.client.once('close', resolve));
    await server.shutdown();
    await closed;
    const during = await turn('yes', 'e2');
    expect(said(during)).toContain('your answer was not saved');
    await server.restart();
    if (services.store.client.status !== 'ready') {
      await new Promise((resolve) => services.store.client.once('ready', resolve));
    }
    expect((await turn('yes', 'e1')).status).toBe('duplicate'); // Slack retries the event it already sent
    const again = await turn('yes', 'e2'); // the user sends the answer again, as they were told
    expect(again.status).toBe('done');
    const stored = await services.store.load(id);
    expect(stored?.version).toBe(4);
    expect(Object.keys(stored!.app.answers)).toEqual(['check.duns', 'check.dunsDetails']);
    expect(await services.store.audit(id)).toHaveLength(3);
    await services.store.close();
  });

  it('does not tell the user to resend when the write may have committed; it did, once', async () => {
    const services = await instance(freshPrefix(), { commandTimeoutMs: 200 });
    const { id, slack } = await started(services, 'unknown');
    const admin = await instance(services.store.prefix);
    await admin.store.client.call('CLIENT', 'PAUSE', '20000', 'WRITE');
    const r = await runTurn(services, {
      conversation: slack,
      actor: SLACK,
      event: text('yes'),
      eventId: 'u1',
    });
    expect(said(r)).toContain('could not confirm');
    expect(said(r)).not.toContain('not saved');
    await admin.store.client.call('CLIENT', 'UNPAUSE');
    const stored = await services.store.load(id); // queued behind the paused writes on this connection
    expect(stored?.version).toBe(3);
    expect(stored?.app.answers).toEqual({ 'check.duns': 'yes' });
    expect(
      (await runTurn(services, { conversation: slack, actor: SLACK, event: text('yes'), eventId: 'u1' }))
        .status,
    ).toBe('duplicate');
    await Promise.all([services.store.close(), admin.store.close()]);
  });
});
