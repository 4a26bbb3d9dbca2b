import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { analyzeCertificate } from '../../src/cert/index.js';
import { siteChecker } from '../../src/check/site-check-facts.js';
import { runTurn, type TurnServices } from '../../src/conversation/run-turn.js';
import { handle } from '../../src/flow/engine.js';
import type { Reply } from '../../src/flow/replies.js';
import type { Application } from '../../src/flow/state.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { TestCa } from '../cert/test-ca.js';
import { Conversation, ctx, REGISTRANT, throughCsr } from '../flow/helpers.js';

/**
 * 「発行された」 offers the live check; "check site" on the issued application runs it in the adapter
 * (run-turn, before the pure engine) against a TLS server on loopback, and the engine words the result.
 */
let ca: TestCa;
const servers: Server[] = [];
const ports: Record<string, number> = {};
let issued = { serialNumber: '', notAfter: '', notBefore: '', publicKeyFingerprint: '' };
const actor = { channel: 'console' as const, id: 'tester' };

beforeAll(async () => {
  ca = new TestCa();
  ca.root('root');
  ca.intermediate('inter', 'root', new Date('2020-01-02'), new Date('2039-01-01'));
  const t = Date.now();
  const file = ca.sign(
    ca.csr('leaf', 'www.example.jp'),
    'inter',
    new Date(t - 86_400_000),
    new Date(t + 100 * 86_400_000),
  );
  const a = analyzeCertificate(ca.read(file));
  if (a.kind !== 'certificate') throw new Error('no certificate');
  issued = a.cert;
  for (const [name, pem] of [
    ['good', ca.read(file) + ca.read('inter.pem')],
    ['nointer', ca.read(file)],
  ] as const) {
    const server = createServer({ key: ca.read('leaf.key'), cert: pem }, (s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    ports[name] = (server.address() as AddressInfo).port;
  }
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  ca.dispose();
});

/** An acquire application walked to step 9 (waiting for issuance), its CSR the test CA's leaf key. */
function atIssuance(): Application {
  const c = new Conversation('acquire', 'en');
  throughCsr(c);
  for (const value of Object.values(REGISTRANT)) c.say(value);
  c.say('Example Trading Co., Ltd.');
  c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
  c.say('03-1234-5678');
  c.press('submitted');
  for (const done of ['done', 'done', 'sent', 'done']) c.say(done);
  expect(c.question.id).toBe('wait.issuance');
  const app = structuredClone(c.app);
  app.csr = { ...app.csr!, domain: 'www.example.jp', publicKeyFingerprint: issued.publicKeyFingerprint };
  return app;
}

async function services(setup: string | undefined): Promise<TurnServices> {
  const store = new MemoryApplicationStore();
  const app = atIssuance();
  app.certificate = {
    serialNumber: issued.serialNumber,
    notAfter: issued.notAfter,
    notBefore: issued.notBefore,
  };
  await store.save({ app, expectedVersion: 0, bind: ['console:t'] });
  return {
    store,
    deps: engineDeps,
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
    ...(setup
      ? { siteCheck: siteChecker({ port: ports[setup]!, connect: '127.0.0.1', ca: [ca.read('root.pem')] }) }
      : {}),
  };
}

const texts = (replies: Reply[]) => replies.map((r) => ('text' in r ? r.text : '')).join('\n');
const turn = async (s: TurnServices, text: string) => {
  const r = await runTurn(s, { conversation: 'console:t', actor, event: { type: 'text', text } });
  if (r.status !== 'done') throw new Error(r.status);
  return r.replies;
};

describe('the live check offered after issuance', () => {
  it('offers "check www.example.jp now?" when the certificate is issued', () => {
    const out = handle(atIssuance(), { type: 'text', text: 'issued' }, ctx);
    expect(out.app.status).toBe('issued');
    expect(out.replies).toContainEqual(
      expect.objectContaining({
        type: 'question',
        id: 'offer.check-site',
        choices: [{ value: 'intent:check-site', label: 'Check www.example.jp now' }],
      }),
    );
  });

  it('runs the check in the adapter and reports a good installation', async () => {
    const s = await services('good');
    await turn(s, 'issued');
    const replies = await turn(s, 'check site');
    expect(replies).toEqual([
      {
        type: 'text',
        tone: 'success',
        text: '✅ www.example.jp serves the issued certificate correctly (99 days left).',
      },
    ]);
  });

  it('reports what is wrong (the button value works too)', async () => {
    const s = await services('nointer');
    await turn(s, 'issued');
    const r = await runTurn(s, {
      conversation: 'console:t',
      actor,
      event: { type: 'choice', value: 'intent:check-site' },
    });
    if (r.status !== 'done') throw new Error(r.status);
    expect(r.replies[0]).toMatchObject({ type: 'text', tone: 'error' });
    expect(texts(r.replies)).toContain('The intermediate certificate is not sent');
  });

  it('says how to check elsewhere when this bot cannot reach the network', async () => {
    const s = await services(undefined);
    await turn(s, 'issued');
    expect(texts(await turn(s, 'サイト確認'))).toContain('evssl-bot check-site www.example.jp');
  });
});
