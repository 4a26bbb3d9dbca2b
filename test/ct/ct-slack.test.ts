import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCtState } from '../../src/ct/ct-state.js';
import { CtWatch } from '../../src/ct/ct-watch.js';
import { type Harness, readable, startBot } from '../bot/harness.js';
import { nextTs } from '../bot/signed-requests.js';
import { SlackDriver } from '../bot/slack-driver.js';
import { atReview } from '../camail/helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('an issuance seen in CT, for an application that lives in Slack (real Bolt app, fake Web API)', () => {
  it('lands in its thread, and App Home marks step 9 "issued per CT"', async () => {
    h = await startBot({ now: new Date('2026-11-27T01:00:00Z') });
    const slack = new SlackDriver(h);
    const ts = nextTs();
    const base = structuredClone(atReview('acquire', 'en').app);
    const app = {
      ...base,
      id: 'SLKCT1',
      members: [{ channel: 'slack' as const, id: 'T1:U1' }],
      answers: { ...base.answers, review: '2026-11-25T01:00:00.000Z' },
    };
    await h.store.save({ app, expectedVersion: 0, bind: [`slack:T1:C1:${ts}`] });
    const watch = new CtWatch({
      services: h.services,
      state: new MemoryCtState(),
      notify: h.bot.notify,
      alert: async () => false,
      logger: h.services.logger,
    });
    const [notice] = await slack.expectCalls('chat.postMessage', () =>
      watch.receive([
        {
          id: '1',
          tbsSha256: 'a'.repeat(64),
          pubkeySha256: app.csr!.publicKeyFingerprint,
          dnsNames: ['www.example.co.jp', 'example.co.jp'],
          issuer: 'Sectigo',
          issuerCaaDomains: ['sectigo.com'],
          notBefore: '2026-11-26T00:00:00Z',
          notAfter: '2027-12-27T23:59:59Z',
        },
      ]),
    );
    expect(notice!.args).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(readable(notice!.args)).toContain('Certificate Transparency');
    const stored = (await h.store.load('SLKCT1'))!.app;
    expect(stored.status).toBe('active');
    expect(stored.ctIssued?.issuer).toBe('Sectigo');
    await h.bot.idle();
    const [home] = await slack.expectCalls('views.publish', () =>
      slack.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }),
    );
    expect(readable(home!.args.view as Record<string, unknown>)).toContain('(issued per CT)');
  });
});
