import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/app/channels.js';
import { createServices } from '../../src/app/services.js';
import { readConfig } from '../../src/config/config.js';
import { startCtWatch } from '../../src/ct/start-ct.js';
import { freePort } from '../support/free-port.js';
import { FakeCertSpotter } from './fake-certspotter.js';

const logger = pino({ level: 'silent' });

describe('the CT watch as a background channel of the bot', () => {
  it('is one of the channels main starts, and starts nothing by default', async () => {
    const config = readConfig({ STORE: 'memory' });
    const services = await createServices(config, logger);
    expect(await startCtWatch(config, services)).toBeUndefined();
    // By default none of the channels main starts runs (the console does)…
    for (const start of CHANNELS) expect(await start(config, services)).toBeUndefined();
    // …and with CT configured one of them is the CT watch.
    const port = await freePort();
    const ct = readConfig({
      STORE: 'memory',
      CT_PROVIDER: 'webhook',
      CT_API_URL: `http://127.0.0.1:${port}/ct`,
    });
    const started = (await Promise.all(CHANNELS.map((start) => start(ct, services)))).filter((c) => c);
    expect(started.map((c) => c?.name)).toEqual(['ct-webhook']);
    for (const c of started) await c?.stop();
    await services.store.close();
  });

  it('CT_PROVIDER=webhook listens on CT_API_URL with the token until stopped', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/ct/issuances`;
    const config = readConfig({
      STORE: 'memory',
      CT_PROVIDER: 'webhook',
      CT_API_URL: url,
      CT_API_KEY: 'tok',
    });
    const services = await createServices(config, logger);
    const running = await startCtWatch(config, services);
    expect(running).toMatchObject({ name: 'ct-webhook', background: true });
    expect((await fetch(url, { method: 'POST', body: '[]' })).status).toBe(401);
    expect(
      (await fetch(url, { method: 'POST', body: '[]', headers: { authorization: 'Bearer tok' } })).status,
    ).toBe(400);
    await running!.stop();
    await expect(fetch(url, { method: 'POST', body: '[]' })).rejects.toThrow();
    await services.store.close();
  });

  it('CT_PROVIDER=certspotter polls CT_API_URL at start, with the key', async () => {
    const ct = new FakeCertSpotter();
    const apiUrl = await ct.start();
    try {
      const config = readConfig({
        STORE: 'memory',
        CT_PROVIDER: 'certspotter',
        CT_API_URL: apiUrl,
        CT_API_KEY: 'k',
      });
      const services = await createServices(config, logger);
      // A watched domain: an application that ended issued (no REDIS_URL: no team registry).
      await services.store.save({
        app: {
          schemaVersion: 1,
          id: 'ISS001',
          flow: 'renew',
          lang: 'en',
          status: 'issued',
          answers: {},
          fields: {},
          csr: {
            pem: '',
            sans: ['shop.naniwa.jp'],
            domain: 'shop.naniwa.jp',
            keyType: 'EC',
            publicKeyFingerprint: 'ab'.repeat(32),
          },
          members: [{ channel: 'console', id: 'taro' }],
          createdAt: '2026-11-01T00:00:00Z',
          updatedAt: '2026-11-01T00:00:00Z',
          stepSince: '2026-11-01T00:00:00Z',
        },
        expectedVersion: 0,
      });
      const running = await startCtWatch(config, services);
      for (let i = 0; i < 100 && ct.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await running!.stop();
      expect(ct.requests[0]!.url.searchParams.get('domain')).toBe('shop.naniwa.jp');
      expect(ct.requests[0]!.authorization).toBe('Bearer k');
      await services.store.close();
    } finally {
      await ct.stop();
    }
  });
});
