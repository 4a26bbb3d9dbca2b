import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { Notifiers, notifierOf } from '../../src/camail/notify.js';
import { runConsole } from '../../src/console/console-channel.js';
import { MemoryCtState } from '../../src/ct/ct-state.js';
import { CtWatch } from '../../src/ct/ct-watch.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { REGISTRANT } from '../flow/helpers.js';

const csr = readFileSync(new URL('../fixtures/flow/good.csr', import.meta.url), 'utf8');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an issuance seen in CT, in the console channel', () => {
  it('is written to the terminal while the applicant waits, and shows in status', async () => {
    const services = {
      store: new MemoryApplicationStore(),
      deps: engineDeps,
      clock: () => new Date(),
      logger: pino({ level: 'silent' }),
      notifiers: new Notifiers(),
    };
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    const done = runConsole(services, { input, output, lang: 'en', interactive: false, flow: 'acquire' });
    const lines = [
      'yes',
      'checked',
      '1',
      'opened',
      csr.trim(),
      ...Object.values(REGISTRANT),
      REGISTRANT.organizationName,
      '1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
      '03-1234-5678',
      'submitted',
    ];
    input.write(`${lines.join('\n')}\n`);
    let app = undefined as Awaited<ReturnType<typeof services.store.list>>[number] | undefined;
    for (let i = 0; i < 200 && !app; i++) {
      await pause(25);
      app = (await services.store.list({ status: 'active' })).find((s) => s.app.answers.review !== undefined);
    }
    expect(app).toBeDefined();
    const watch = new CtWatch({
      services,
      state: new MemoryCtState(),
      notify: notifierOf(services),
      alert: async () => false,
      logger: services.logger,
    });
    const r = await watch.receive([
      {
        id: '1',
        tbsSha256: 'a'.repeat(64),
        pubkeySha256: app!.app.csr!.publicKeyFingerprint,
        dnsNames: ['www.example.co.jp'],
        issuer: 'Sectigo',
        issuerCaaDomains: ['sectigo.com'],
        notBefore: '2026-11-26T00:00:00Z',
        notAfter: '2027-12-27T23:59:59Z',
      },
    ]);
    expect(r.issuedPerCt).toBe(1);
    expect(out).toContain('now shows a certificate issued for this application’s CSR key');
    input.write('status\n');
    input.end();
    await done;
    expect(out).toContain('(issued per CT)');
    expect(out).toContain('Issued per Certificate Transparency');
  });
});
