import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCertificate } from '../../src/cert/index.js';
import { checkSite } from '../../src/check/site-check.js';
import { runSiteWatch } from '../../src/check/site-watch.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId, RedisCertificateRegistry } from '../../src/remind/registry.js';
import type { TrackedCertificate } from '../../src/remind/types.js';
import { TestCa } from '../cert/test-ca.js';
import { type FakeSlack, startFakeSlack } from '../remind/harness.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';

/**
 * The daily run against TLS servers on loopback (one per domain), a real Redis registry and the fake
 * Slack Web API: the issued certificate installed, the old one still served after 1 and 5 days,
 * another certificate served, the issued one served without its intermediate.
 */
let ca: TestCa;
let redis: RedisServer;
let client: Redis;
let slack: FakeSlack;
let registry: RedisCertificateRegistry;
const servers: Server[] = [];
const ports: Record<string, number> = {};
const NOW = new Date();
const day = 86_400_000;
const serial = (file: string) => {
  const r = analyzeCertificate(ca.read(file));
  if (r.kind !== 'certificate') throw new Error('no certificate');
  return r.cert;
};

async function serve(domain: string, key: string, pem: string) {
  const server = createServer({ key: ca.read(`${key}.key`), cert: pem }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push(server);
  ports[domain] = (server.address() as AddressInfo).port;
}

async function track(domain: string, cert: { serialNumber: string; notAfter: string; notBefore: string }) {
  const at = NOW.toISOString();
  const id = certificateId('web', domain);
  const tracked: TrackedCertificate = {
    id,
    domain,
    team: 'web',
    notAfter: cert.notAfter,
    notBefore: cert.notBefore,
    serialNumber: cert.serialNumber,
    source: 'issued',
    generation: 1,
    rev: 1,
    state: 'active',
    createdAt: at,
    updatedAt: at,
  };
  await registry.update(id, () => tracked);
  return id;
}

beforeAll(async () => {
  [redis, slack] = await Promise.all([startRedis(), startFakeSlack()]);
  client = new Redis(redis.url);
  registry = new RedisCertificateRegistry(client, `t${Date.now()}:`);
  await registry.putTeam({ id: 'web', lang: 'en', slackChannel: 'C0WEB', emails: [] });
  ca = new TestCa();
  ca.root('root');
  ca.intermediate('inter', 'root', new Date('2020-01-02'), new Date('2039-01-01'));
  const inter = ca.read('inter.pem');
  const t = NOW.getTime();
  const leaf = (name: string, domain: string, fromDays: number, toDays: number) =>
    ca.sign(ca.csr(name, domain), 'inter', new Date(t - fromDays * day), new Date(t + toDays * day));
  const setups: Array<[string, number]> = [
    ['installed.example.jp', 2],
    ['late.example.jp', 5],
    ['fresh.example.jp', 1],
    ['other.example.jp', 10],
    ['nointer.example.jp', 2],
  ];
  for (const [domain, issuedDaysAgo] of setups) {
    const issued = leaf(`${domain}-new`, domain, issuedDaysAgo, 180);
    const old = leaf(`${domain}-old`, domain, 190, 20 - issuedDaysAgo);
    const served = {
      'installed.example.jp': [`${domain}-new`, ca.read(issued) + inter],
      'late.example.jp': [`${domain}-old`, ca.read(old) + inter],
      'fresh.example.jp': [`${domain}-old`, ca.read(old) + inter],
      'other.example.jp': [`${domain}-other`, ''],
      'nointer.example.jp': [`${domain}-new`, ca.read(issued)],
    }[domain]!;
    if (domain === 'other.example.jp') {
      const other = leaf(`${domain}-other`, domain, 1, 200);
      served[1] = ca.read(other) + inter;
    }
    await serve(domain, served[0]!, served[1]!);
    await track(domain, serial(issued));
  }
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  client.disconnect();
  await Promise.all([redis.stop(), slack.close()]);
  ca.dispose();
});

const run = () =>
  runSiteWatch({
    registry,
    notifier: createNotifier({ slackToken: 'xoxb-test', slackApiUrl: slack.url }),
    checkSite: (host, opts) =>
      checkSite(host, { ...opts, port: ports[host]!, connect: '127.0.0.1', ca: [ca.read('root.pem')] }),
    logger: pino({ level: 'silent' }),
    clock: () => NOW,
    notInstalledDays: 3,
  });

describe('the daily site check of tracked certificates', () => {
  it('nudges for the not-installed, the different and the broken, once a day', async () => {
    const verdicts = await run();
    const by = Object.fromEntries(verdicts.map((v) => [v.certId, v]));
    expect(by[certificateId('web', 'installed.example.jp')]).toEqual({
      certId: certificateId('web', 'installed.example.jp'),
      type: 'installed',
    });
    expect(by[certificateId('web', 'fresh.example.jp')]).toMatchObject({
      type: 'not-installed-yet',
      days: 1,
    });
    expect(by[certificateId('web', 'late.example.jp')]).toMatchObject({
      type: 'not-installed',
      days: 5,
      nudged: true,
    });
    expect(by[certificateId('web', 'other.example.jp')]).toMatchObject({ type: 'differs', nudged: true });
    expect(by[certificateId('web', 'nointer.example.jp')]).toMatchObject({ type: 'broken', nudged: true });

    const texts = slack.posts.map((p) => p.text);
    expect(slack.posts.every((p) => p.channel === 'C0WEB')).toBe(true);
    expect(texts).toHaveLength(3);
    expect(texts.find((t) => t.startsWith('late.example.jp'))).toContain('issued 5 days ago');
    expect(texts.find((t) => t.startsWith('other.example.jp'))).toContain('not the tracked one');
    expect(texts.find((t) => t.startsWith('nointer.example.jp'))).toContain(
      'intermediate certificate is not sent',
    );

    // A second run the same day (another instance, or a restart) sends nothing again.
    const again = await run();
    expect(again.filter((v) => 'nudged' in v && v.nudged)).toEqual([]);
    expect(slack.posts).toHaveLength(3);
  });
});
