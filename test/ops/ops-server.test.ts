import { afterEach, describe, expect, it } from 'vitest';
import { startOpsServer } from '../../src/ops/ops-server.js';
import { OpsState } from '../../src/ops/ops-state.js';
import { isFatal } from '../../src/ops/process-guards.js';
import { get, sample } from './bot-child.js';

let close: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of close) await c();
  close = [];
});

async function serve(state: OpsState) {
  const server = await startOpsServer(state, 0, '127.0.0.1');
  close.push(() => server.close());
  return server.port;
}

describe('OPS_PORT server (Socket Mode and email-only deployments)', () => {
  it('healthz, readyz with every check listed, metrics, 404 elsewhere', async () => {
    const state = new OpsState();
    state.addCheck('store', () => ({ ok: true }));
    state.addCheck('imap', () => ({ ok: false, detail: 'IMAP not logged in' }));
    const port = await serve(state);
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'not ready',
      checks: { store: { ok: true }, imap: { ok: false, detail: 'IMAP not logged in' } },
    });
    const metrics = await get(port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE evssl_turns_total counter');
    expect(sample(metrics.body, 'evssl_outbox_pending')).toBe(0);
    expect((await get(port, '/slack/events')).status).toBe(404);
  });

  it('a check that throws or hangs is reported by code or timeout, never by its message', async () => {
    const state = new OpsState();
    state.addCheck('store', () => {
      throw Object.assign(new Error('redis://:hunter2@db:6379 refused'), { code: 'store_unavailable' });
    });
    state.addCheck('slack', () => new Promise(() => undefined));
    const started = Date.now();
    const r = await state.readiness(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r).toEqual({
      ready: false,
      checks: {
        store: { ok: false, detail: 'store_unavailable' },
        slack: { ok: false, detail: 'no answer within 200 ms' },
      },
    });
  });

  it('draining: healthz still answers, readyz fails with the shutdown named', async () => {
    const state = new OpsState();
    state.addCheck('store', () => ({ ok: true }));
    state.draining = true;
    const port = await serve(state);
    expect(JSON.parse((await get(port, '/healthz')).body)).toEqual({ status: 'draining' });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).checks.shutdown).toEqual({ ok: false, detail: 'shutting down' });
  });

  it('uncaught exceptions: a stray socket fault is not fatal, anything else is', () => {
    expect(isFatal(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isFatal(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe(false);
    expect(isFatal(new TypeError('undefined is not a function'))).toBe(true);
    expect(isFatal(Object.assign(new Error('x'), { code: 'ERR_ASSERTION' }))).toBe(true);
    expect(isFatal('a string')).toBe(true);
  });
});
