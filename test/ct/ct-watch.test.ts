import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { Notifiers, notifierOf } from '../../src/camail/notify.js';
import { readConfig } from '../../src/config/config.js';
import { runTurn, type TurnServices } from '../../src/conversation/run-turn.js';
import { CertSpotterSource, retryAfterMs } from '../../src/ct/certspotter-source.js';
import { MemoryCtState } from '../../src/ct/ct-state.js';
import { CtWatch } from '../../src/ct/ct-watch.js';
import { ctAlerter, startCtWatch } from '../../src/ct/start-ct.js';
import { startWebhook } from '../../src/ct/webhook-source.js';
import type { Reply } from '../../src/flow/replies.js';
import type { Application } from '../../src/flow/state.js';
import { statusReplies } from '../../src/flow/views.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { REGISTRANT } from '../flow/helpers.js';
import { FakeCertSpotter, LETS_ENCRYPT } from './fake-certspotter.js';

const csr = (name: string) => readFileSync(new URL(`../fixtures/flow/${name}`, import.meta.url), 'utf8');
const logger = pino({ level: 'silent' });

interface Delivered {
  app: Application;
  replies: Reply[];
}

function setup() {
  const notifiers = new Notifiers();
  const services: TurnServices = {
    store: new MemoryApplicationStore(),
    deps: engineDeps,
    clock: () => new Date(),
    logger,
    notifiers,
  };
  const delivered: Delivered[] = [];
  // The console's applications hear CT notices through the channel-neutral notifier registry.
  notifiers.register('console', async (app, replies) => {
    delivered.push({ app, replies });
    return true;
  });
  return { services, delivered };
}

async function say(services: TurnServices, conversation: string, ...texts: string[]): Promise<Application> {
  let app: Application | undefined;
  for (const text of texts) {
    const r = await runTurn(services, {
      conversation,
      actor: { channel: 'console', id: 'taro' },
      event: { type: 'text', text },
      lang: 'en',
    });
    if (r.status === 'done' && r.app) app = r.app;
  }
  return app!;
}

/** An acquire application submitted in the panel: waiting at step 5 (www.example.co.jp, good.csr). */
async function waitingApplication(services: TurnServices): Promise<Application> {
  return say(
    services,
    'console:a',
    'acquire',
    'yes',
    'checked',
    '1',
    'opened',
    csr('good.csr'),
    ...Object.values(REGISTRANT),
    REGISTRANT.organizationName,
    '1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
    '03-1234-5678',
    'submitted',
  );
}

/** A renewal that ended with its certificate issued (shop.naniwa.jp, renew.csr): the team's domain. */
async function issuedApplication(services: TurnServices): Promise<Application> {
  return say(
    services,
    'console:b',
    'renew',
    'yes',
    '1',
    'opened',
    csr('renew.csr'),
    'Naniwa Shoji K.K.',
    REGISTRANT.duns,
    REGISTRANT.name,
    REGISTRANT.title,
    '530-0001',
    'JP',
    'Osaka',
    'Kita-ku',
    '1-1 Umeda',
    '06-1234-5678',
    'skip',
    'taro@naniwa.jp',
    '1',
    'submitted',
    'done',
    'done',
    'done',
    'done',
    'issued',
  );
}

describe('the CT watch against a local fake Cert Spotter API', () => {
  let ct: FakeCertSpotter;
  let apiUrl: string;
  beforeEach(async () => {
    ct = new FakeCertSpotter();
    apiUrl = await ct.start();
  });
  afterEach(() => ct.stop());

  it('is off by default', async () => {
    const config = readConfig({});
    expect(config.ct).toMatchObject({ provider: 'off', pollMinutes: 60 });
    expect(await startCtWatch(config, { ...setup().services } as never)).toBeUndefined();
  });

  it('pages by the after cursor, keeps the cursor in the store and resumes from it', async () => {
    const { services } = setup();
    const app = await waitingApplication(services);
    for (let i = 0; i < 5; i++)
      ct.add({
        pubkey_sha256: `${i}`.padStart(64, 'e'),
        dns_names: [`h${i}.www.example.co.jp`],
        issuer: LETS_ENCRYPT,
      });
    const state = new MemoryCtState();
    const watch = new CtWatch({ services, state, notify: async () => true, alert: async () => true, logger });
    const source = new CertSpotterSource({ apiUrl });
    const first = await watch.sweep(source);
    expect(first).toMatchObject({ domains: 2, issuances: 5, alerts: 0, failedDomains: 0 });
    const pages = ct.requests.filter((r) => r.url.searchParams.get('domain') === 'www.example.co.jp');
    expect(pages.map((r) => r.url.searchParams.get('after'))).toEqual([null, '1002', '1004', '1005']);
    const q = pages[0]!.url.searchParams;
    expect([q.get('include_subdomains'), q.get('match_wildcards'), q.getAll('expand')]).toEqual([
      'true',
      'true',
      ['dns_names', 'issuer'],
    ]);
    expect(await state.cursor('www.example.co.jp')).toBe('1005');
    expect(pages[0]!.authorization).toBeUndefined();
    ct.requests.length = 0;
    await watch.sweep(source);
    expect(
      ct.requests
        .find((r) => r.url.searchParams.get('domain') === 'www.example.co.jp')
        ?.url.searchParams.get('after'),
    ).toBe('1005');
    expect(app.status).toBe('active');
  });

  it('sends the API key as a bearer token when one is set', async () => {
    const { services } = setup();
    await waitingApplication(services);
    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: async () => true,
      alert: async () => true,
      logger,
    });
    await watch.sweep(new CertSpotterSource({ apiUrl, apiKey: 'k_test' }));
    expect(ct.requests[0]!.authorization).toBe('Bearer k_test');
  });

  it('waits out a 429 for its Retry-After and asks the same page again', async () => {
    const { services } = setup();
    await waitingApplication(services);
    ct.add({ pubkey_sha256: 'f'.repeat(64), dns_names: ['www.example.co.jp'], issuer: LETS_ENCRYPT });
    ct.rateLimitNext = 1;
    const waits: number[] = [];
    const source = new CertSpotterSource({
      apiUrl,
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    const started = Date.now();
    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: async () => true,
      alert: async () => true,
      logger,
    });
    const report = await watch.sweep(source);
    expect(waits).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(report).toMatchObject({ issuances: 1, failedDomains: 0 });
    expect(ct.requests[0]!.url.search).toBe(ct.requests[1]!.url.search);
    expect(retryAfterMs('Wed, 02 Dec 2026 16:00:30 GMT', Date.parse('2026-12-02T16:00:00Z'))).toBe(30_000);
  });

  it('a Retry-After longer than the limit ends the poll; the cursor stays and the next poll resumes', async () => {
    const { services } = setup();
    await waitingApplication(services);
    ct.add({ pubkey_sha256: 'f'.repeat(64), dns_names: ['www.example.co.jp'], issuer: LETS_ENCRYPT });
    ct.rateLimitNext = 10;
    ct.retryAfter = '3600';
    const state = new MemoryCtState();
    const watch = new CtWatch({ services, state, notify: async () => true, alert: async () => true, logger });
    const report = await watch.sweep(new CertSpotterSource({ apiUrl, maxRetryAfterMs: 60_000 }));
    expect(report.failedDomains).toBe(2);
    expect(await state.cursor('www.example.co.jp')).toBeUndefined();
  });

  it('issuance seen early: Sectigo and the CSR key → "issued per CT", the applicant told, never closed', async () => {
    const { services, delivered } = setup();
    const app = await waitingApplication(services);
    const key = app.csr!.publicKeyFingerprint;
    // The same key from an unrelated issuer is not our certificate.
    ct.add({ pubkey_sha256: key, dns_names: ['www.example.co.jp'], issuer: LETS_ENCRYPT });
    // The precertificate and the certificate: one issuance (same TBS hash), told once.
    const tbs = 'b'.repeat(64);
    ct.add({
      tbs_sha256: tbs,
      cert_sha256: '1'.repeat(64),
      pubkey_sha256: key,
      dns_names: ['www.example.co.jp', 'example.co.jp'],
    });
    ct.add({
      tbs_sha256: tbs,
      cert_sha256: '2'.repeat(64),
      pubkey_sha256: key,
      dns_names: ['www.example.co.jp', 'example.co.jp'],
    });
    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: registeredNotifyOf(services),
      alert: async () => true,
      logger,
    });
    const report = await watch.sweep(new CertSpotterSource({ apiUrl }));
    expect(report.issuedPerCt).toBe(1);
    expect(delivered).toHaveLength(1);
    const text = delivered[0]!.replies.map((r) => ('text' in r ? r.text : '')).join('\n');
    expect(text).toContain('now shows a certificate issued for this application’s CSR key');
    expect(text).toContain('Sectigo');
    const stored = (await services.store.load(app.id))!.app;
    expect(stored.status).toBe('active');
    expect(stored.ctIssued).toMatchObject({ tbsSha256: tbs, issuer: 'Sectigo' });
    const status = statusReplies(stored);
    expect(JSON.stringify(status)).toContain('(issued per CT)');
    expect(JSON.stringify(status)).toContain('Issued per Certificate Transparency');
    // The applicant's next turn is at step 9, waiting for the certificate itself.
    const next = await say(services, 'console:a', 'status');
    expect(next.status).toBe('active');
    // Seen again (next poll from the start, or a redelivery): nothing new said.
    await new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: registeredNotifyOf(services),
      alert: async () => true,
      logger,
    }).sweep(new CertSpotterSource({ apiUrl }));
    expect(delivered).toHaveLength(1);
  });

  it('certificates nobody applied for: alerted once each after the baseline, wildcards included', async () => {
    const { services, delivered } = setup();
    const issued = await issuedApplication(services);
    expect(issued.status).toBe('issued');
    const own = issued.csr!.publicKeyFingerprint;
    // Before the watch began: the team's own certificate and an old stranger (baseline: no alert).
    ct.add({ pubkey_sha256: own, dns_names: ['shop.naniwa.jp'] });
    ct.add({ pubkey_sha256: '9'.repeat(64), dns_names: ['shop.naniwa.jp'], issuer: LETS_ENCRYPT });
    const state = new MemoryCtState();
    const alert = ctAlerter({ services, lang: 'ja' });
    const watch = new CtWatch({ services, state, notify: registeredNotifyOf(services), alert, logger });
    const source = new CertSpotterSource({ apiUrl });
    expect((await watch.sweep(source)).alerts).toBe(0);
    // New: a wildcard from another CA (precert and cert), and a renewal with the team's own key.
    const tbs = 'd'.repeat(64);
    ct.add({
      tbs_sha256: tbs,
      cert_sha256: '3'.repeat(64),
      pubkey_sha256: '8'.repeat(64),
      dns_names: ['*.naniwa.jp', 'naniwa.jp'],
      issuer: LETS_ENCRYPT,
    });
    ct.add({ pubkey_sha256: own, dns_names: ['shop.naniwa.jp'] });
    ct.add({
      tbs_sha256: tbs,
      cert_sha256: '4'.repeat(64),
      pubkey_sha256: '8'.repeat(64),
      dns_names: ['*.naniwa.jp', 'naniwa.jp'],
      issuer: LETS_ENCRYPT,
    });
    expect((await watch.sweep(source)).alerts).toBe(1);
    expect(delivered).toHaveLength(1);
    const text = (delivered[0]!.replies[0] as { text: string }).text;
    expect(text).toContain("Let's Encrypt");
    expect(text).toContain('*.naniwa.jp, naniwa.jp');
    expect(text).toContain('Valid: 2026-11-26 to 2027-12-27');
    expect(text).toContain('https://crt.sh/?sha256=');
    expect(text).toContain('shop.naniwa.jp. IN CAA 0 issue "sectigo.com"');
    // Polled again from scratch (a lost cursor): still once per certificate.
    await watch.receive([]);
    ct.add({
      tbs_sha256: tbs,
      cert_sha256: '5'.repeat(64),
      pubkey_sha256: '8'.repeat(64),
      dns_names: ['*.naniwa.jp'],
      issuer: LETS_ENCRYPT,
    });
    expect((await watch.sweep(source)).alerts).toBe(0);
    expect(delivered).toHaveLength(1);
  });
});

function registeredNotifyOf(services: TurnServices) {
  return notifierOf(services);
}

describe('the webhook CT source (a self-hosted certspotter posting its hook environment)', () => {
  it('takes a posted issuance with the token, refuses without it, and moves the application on', async () => {
    const { services, delivered } = setup();
    const app = await waitingApplication(services);
    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: registeredNotifyOf(services),
      alert: async () => true,
      logger,
    });
    const hook = await startWebhook({
      listenUrl: 'http://127.0.0.1:0/ct/issuances',
      token: 's3cret',
      logger,
      onIssuances: async (issuances) => {
        await watch.receive(issuances);
      },
    });
    try {
      const env = {
        EVENT: 'discovered_cert',
        TBS_SHA256: 'e'.repeat(64),
        CERT_SHA256: '6'.repeat(64),
        PUBKEY_SHA256: app.csr!.publicKeyFingerprint,
        DNS_NAMES: 'www.example.co.jp, example.co.jp',
        ISSUER_DN: 'C=GB, O=Sectigo Limited, CN=Sectigo RSA Extended Validation Secure Server CA',
        NOT_BEFORE: '2026-11-26T00:00:00Z',
        NOT_AFTER: '2027-12-27T23:59:59Z',
      };
      const post = (body: string, token?: string) =>
        fetch(hook.url, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        });
      expect((await post(JSON.stringify(env))).status).toBe(401);
      expect((await post(JSON.stringify(env), 'wrong')).status).toBe(401);
      expect((await post('{not json', 's3cret')).status).toBe(400);
      expect((await post('{"hello":1}', 's3cret')).status).toBe(400);
      expect(delivered).toHaveLength(0);
      const ok = await post(JSON.stringify(env), 's3cret');
      expect(ok.status).toBe(202);
      expect(delivered).toHaveLength(1);
      expect((await services.store.load(app.id))!.app.ctIssued?.tbsSha256).toBe('e'.repeat(64));
    } finally {
      await hook.close();
    }
  });
});
