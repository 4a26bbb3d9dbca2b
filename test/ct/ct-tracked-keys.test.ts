import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, engineDeps } from '../../src/app/services.js';
import { Notifiers } from '../../src/camail/notify.js';
import { createCertsCommand } from '../../src/cli/certs.js';
import { openInstallation } from '../../src/cli/installation.js';
import type { CliIo } from '../../src/cli/io.js';
import { readConfig } from '../../src/config/config.js';
import type { CtIssuance } from '../../src/ct/ct-source.js';
import { MemoryCtState, RedisCtState } from '../../src/ct/ct-state.js';
import { CtWatch, type WatchedDomain } from '../../src/ct/ct-watch.js';
import { startCtWatch, trackedDomainsOf } from '../../src/ct/start-ct.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { FakeSlack } from '../bot/fake-slack.js';
import { TestCa } from '../cert/test-ca.js';
import { useRedisServer } from '../support/redis-server.js';
import { FakeCertSpotter, LETS_ENCRYPT, SECTIGO } from './fake-certspotter.js';

// Issue 18: "for each tracked domain (the team's certificates), any new issuance whose key matches no
// tracked certificate or open application raises an alert to the team, once per certificate". The
// team's own certificates — one added with `certs add --cert`, one issued by an application since
// purged — are seen in CT and must not be alerted; a certificate with an unknown key must, once.
const logger = pino({ level: 'silent' });
const redis = useRedisServer();
const ca = new TestCa();
let slack: FakeSlack;
let cts: FakeCertSpotter;
let apiUrl: string;

beforeAll(async () => {
  ca.root('root');
  slack = await new FakeSlack().start();
  cts = new FakeCertSpotter();
  apiUrl = await cts.start();
});
afterAll(async () => {
  await slack.close();
  await cts.stop();
  ca.dispose();
});

/** A real certificate for `domain` on a new key, valid `from`-`to`: its file, facts and CT issuance fields. */
function certificate(name: string, domain: string, from: string, to: string) {
  const file = ca.sign(ca.csr(name, domain), 'root', new Date(from), new Date(to));
  const pem = ca.read(file);
  const x = new X509Certificate(pem);
  const spki = x.publicKey.export({ type: 'spki', format: 'der' });
  const ct = (d: string) => new Date(d).toISOString().replace('.000Z', 'Z');
  return {
    path: ca.path(file),
    x,
    pubkey_sha256: createHash('sha256').update(spki).digest('hex'),
    cert_sha256: createHash('sha256').update(x.raw).digest('hex'),
    not_before: ct(x.validFrom),
    not_after: ct(x.validTo),
  };
}

async function cli(cmd: ReturnType<typeof createCertsCommand>, ...args: string[]) {
  const out: string[] = [];
  const io: CliIo = { read: async (p) => readFileSync(p), out: (t) => out.push(t), err: () => {} };
  const code = await cmd(args, io);
  return { code, json: JSON.parse(out[0] ?? '{}') };
}

describe('the CT watch and the team’s tracked certificates', () => {
  it('alerts a certificate whose key matches no tracked certificate, never the tracked ones', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}:`;
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      DATA_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      REMIND_SLACK_TOKEN: 'xoxb-test',
      REMIND_SLACK_API_URL: slack.url,
      CT_PROVIDER: 'certspotter',
      CT_API_URL: apiUrl,
    };
    const config = readConfig(env);

    // The team's certificates: a renewal added by hand with its file, and one issued by an application
    // that retention has since purged (the registry keeps it, the application store does not).
    const renewal = certificate(
      'renewal',
      'www.example.co.jp',
      '2026-11-20T03:04:05Z',
      '2027-12-21T03:04:04Z',
    );
    const fromPurged = certificate(
      'shop',
      'shop.example.co.jp',
      '2026-10-01T00:00:00Z',
      '2027-10-31T23:59:59Z',
    );
    const certs = createCertsCommand({ env });
    expect((await cli(certs, 'team', 'web', '--slack', 'C0WEB', '--lang', 'en')).code).toBe(0);
    expect(
      (await cli(certs, 'add', '--domain', 'www.example.co.jp', '--cert', renewal.path, '--team', 'web'))
        .code,
    ).toBe(0);
    const installation = (await openInstallation(config, logger, { applications: false }))!;
    await installation.reminders.service.track({
      domain: 'shop.example.co.jp',
      team: 'web',
      notBefore: new Date(fromPurged.x.validFrom).toISOString(),
      notAfter: new Date(fromPurged.x.validTo).toISOString(),
      serialNumber: fromPurged.x.serialNumber,
      source: 'issued',
      applicationId: 'PURGED0001',
    });

    // Both domains were polled before (a baseline done): what CT shows now is new.
    const conn = new Redis(redis.url);
    const state = new RedisCtState(conn, prefix);
    await state.markPolled('www.example.co.jp');
    await state.markPolled('shop.example.co.jp');
    conn.disconnect();

    // In CT: the two tracked certificates (the renewal as a precertificate and its certificate), and a
    // certificate on a key nobody here holds.
    const stranger = certificate(
      'stranger',
      'www.example.co.jp',
      '2026-11-21T00:00:00Z',
      '2027-02-19T23:59:59Z',
    );
    for (const kind of ['precert', 'cert']) {
      cts.add({
        tbs_sha256: 'a1'.repeat(32),
        ...(kind === 'cert' ? { cert_sha256: renewal.cert_sha256 } : {}),
        pubkey_sha256: renewal.pubkey_sha256,
        dns_names: ['www.example.co.jp'],
        not_before: renewal.not_before,
        not_after: renewal.not_after,
        issuer: SECTIGO,
      });
    }
    cts.add({
      tbs_sha256: 'b2'.repeat(32),
      cert_sha256: fromPurged.cert_sha256,
      pubkey_sha256: fromPurged.pubkey_sha256,
      dns_names: ['shop.example.co.jp'],
      not_before: fromPurged.not_before,
      not_after: fromPurged.not_after,
      issuer: SECTIGO,
    });
    cts.add({
      tbs_sha256: 'c3'.repeat(32),
      cert_sha256: stranger.cert_sha256,
      pubkey_sha256: stranger.pubkey_sha256,
      dns_names: ['www.example.co.jp'],
      not_before: stranger.not_before,
      not_after: stranger.not_after,
      issuer: LETS_ENCRYPT,
    });

    const services = {
      ...(await createServices(config, logger)),
      reminders: installation.reminders,
    };
    try {
      for (let round = 0; round < 2; round++) {
        const before = cts.requests.length;
        const running = await startCtWatch(config, services);
        for (let i = 0; i < 200 && cts.requests.length === before; i++)
          await new Promise((r) => setTimeout(r, 10));
        await running!.stop(); // waits for the sweep it started
      }
      const domains = new Set(cts.requests.map((r) => r.url.searchParams.get('domain')));
      expect(domains).toEqual(new Set(['www.example.co.jp', 'shop.example.co.jp']));
      const posts = slack.of('chat.postMessage');
      // One alert (not one per poll), about the stranger; none about the team's own certificates.
      expect(posts).toHaveLength(1);
      expect(posts[0]?.args.channel).toBe('C0WEB');
      expect(String(posts[0]?.args.text)).toContain(stranger.cert_sha256);
      expect(String(posts[0]?.args.text)).toContain("Let's Encrypt");
      for (const own of [renewal, fromPurged])
        expect(String(posts[0]?.args.text)).not.toContain(own.cert_sha256);
    } finally {
      await services.store.close();
      await installation.close();
    }
  });
});

describe('what identifies a tracked certificate (the watch’s port)', () => {
  const issuance = (over: Partial<CtIssuance>): CtIssuance => ({
    id: '1',
    tbsSha256: randomBytes(32).toString('hex'),
    pubkeySha256: randomBytes(32).toString('hex'),
    dnsNames: ['www.example.co.jp'],
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    issuerCaaDomains: ['letsencrypt.org'],
    notBefore: '2026-11-21T00:00:00Z',
    notAfter: '2027-02-19T23:59:59Z',
    ...over,
  });

  async function watchWith(domains: WatchedDomain[]) {
    const alerts: string[] = [];
    const watch = new CtWatch({
      services: {
        store: new MemoryApplicationStore(),
        deps: engineDeps,
        clock: () => new Date(),
        logger,
        notifiers: new Notifiers(),
      },
      state: new MemoryCtState(),
      notify: async () => true,
      alert: async (a) => {
        alerts.push(a.issuance.tbsSha256);
        return true;
      },
      logger,
      trackedDomains: async () => domains,
    });
    return { watch, alerts };
  }

  it('a known key is the team’s whatever the dates (a renewal on the same key); an unknown one is not', async () => {
    const key = 'ab'.repeat(32);
    const { watch, alerts } = await watchWith([
      {
        domain: 'www.example.co.jp',
        team: 'web',
        tracked: [{ publicKeyFingerprint: key.toUpperCase(), notAfter: '2026-12-01T00:00:00.000Z' }],
      },
    ]);
    const other = issuance({});
    expect(await watch.receive([issuance({ pubkeySha256: key }), other])).toEqual({
      issuedPerCt: 0,
      alerts: 1,
    });
    expect(alerts).toEqual([other.tbsSha256]);
  });

  it('dates identify a certificate only to the second, only with both, and only for its own domain', async () => {
    const dates = { notBefore: '2026-11-20T03:04:05.000Z', notAfter: '2027-12-21T03:04:04.000Z' };
    const { watch, alerts } = await watchWith([
      { domain: 'www.example.co.jp', team: 'web', tracked: [dates] },
      // A second team tracks the same domain: its certificate counts too.
      { domain: 'www.example.co.jp', team: 'shop', tracked: [{ notAfter: '2027-06-30T00:00:00.000Z' }] },
      {
        domain: 'other.example.jp',
        team: 'web',
        tracked: [{ notBefore: '2026-10-01T00:00:00Z', notAfter: '2027-10-31T23:59:59Z' }],
      },
    ]);
    const own = issuance({ notBefore: '2026-11-20T03:04:05Z', notAfter: '2027-12-21T03:04:04Z' });
    const offBySecond = issuance({ notBefore: '2026-11-20T03:04:06Z', notAfter: '2027-12-21T03:04:04Z' });
    // The shop team's certificate has no notBefore (`certs add --expires`): its end date alone is no proof.
    const sameEnd = issuance({ notBefore: '2026-06-01T00:00:00Z', notAfter: '2027-06-30T00:00:00Z' });
    // Another tracked domain's dates do not make a certificate for this one the team's.
    const otherDates = issuance({ notBefore: '2026-10-01T00:00:00Z', notAfter: '2027-10-31T23:59:59Z' });
    const r = await watch.receive([own, offBySecond, sameEnd, otherDates]);
    expect(r.alerts).toBe(3);
    expect(alerts).toEqual([offBySecond.tbsSha256, sameEnd.tbsSha256, otherDates.tbsSha256]);
  });

  it('trackedDomainsOf reads the registry’s certificates: domain, team, application and dates', async () => {
    const list = trackedDomainsOf({
      list: async () => [
        {
          id: 'c1',
          domain: 'www.example.co.jp',
          team: 'web',
          notBefore: '2026-11-20T03:04:05.000Z',
          notAfter: '2027-12-21T03:04:04.000Z',
          source: 'issued',
          applicationId: 'APP1',
          generation: 1,
          rev: 1,
          state: 'active',
          createdAt: '2026-11-20T00:00:00Z',
          updatedAt: '2026-11-20T00:00:00Z',
        },
      ],
    });
    expect(await list!()).toEqual([
      {
        domain: 'www.example.co.jp',
        team: 'web',
        applicationId: 'APP1',
        tracked: [{ notBefore: '2026-11-20T03:04:05.000Z', notAfter: '2027-12-21T03:04:04.000Z' }],
      },
    ]);
    expect(trackedDomainsOf(undefined)).toBeUndefined();
  });
});
