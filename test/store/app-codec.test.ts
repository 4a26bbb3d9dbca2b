import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/flow/state.js';
import { AppCodec } from '../../src/store/app-codec.js';
import { DataKeys } from '../../src/store/data-keys.js';
import { sampleApp } from './contract.js';

const KEY_A = { kid: 'a', key: Buffer.alloc(32, 1) };
const KEY_B = { kid: 'b', key: Buffer.alloc(32, 2) };

function personalApp(): Application {
  return sampleApp({
    fields: { name: 'Taro Yamada', phone: '+81312345678', email: 'taro@example.jp' },
    members: [{ channel: 'email', id: 'taro@example.jp' }],
    answers: { 'check.duns': 'yes' },
    ca: { approvalCode: 'Zq8XK2pLm4' },
    csr: {
      pem: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n',
      sans: ['www.example.jp'],
      keyType: 'RSA',
      keySize: 2048,
      publicKeyFingerprint: 'ab:cd',
    },
    certificate: { notAfter: '2027-12-01T00:00:00Z' },
  });
}

/** What Redis would hold after a write: the state as sent, the envelope as sent or kept. */
function stored(codec: AppCodec, app: Application, previous?: ReturnType<AppCodec['decode']>) {
  const { state, entry, reused } = codec.encode(app, previous);
  return { state, entry, reused, blob: entry.sealed };
}

describe('AppCodec (plain step state + sealed personal part)', () => {
  it('keeps every personal property out of the plain state, and any unknown property too', () => {
    const codec = new AppCodec(new DataKeys([KEY_A]));
    const app = { ...personalApp(), later: { secret: 'x-unknown-x' } } as Application;
    const { state, blob } = stored(codec, app);
    for (const secret of ['Taro', '312345678', 'taro@example.jp', 'Zq8XK2pLm4', 'MIIB', 'x-unknown-x']) {
      expect(state).not.toContain(secret);
      expect(blob).not.toContain(secret);
    }
    expect(Object.keys(JSON.parse(state))).not.toContain('fields');
    expect(JSON.parse(state).answers).toEqual({ 'check.duns': 'yes' });
    expect(Object.keys(JSON.parse(blob)).sort()).toEqual(['ct', 'iv', 'kid', 'tag']);
    expect(codec.read(codec.decode(app.id, state, blob))).toEqual(app);
  });

  it('reuses the envelope while only step state changes, and seals again when a personal part changes', () => {
    const codec = new AppCodec(new DataKeys([KEY_A]));
    const app = personalApp();
    const v1 = stored(codec, app);
    expect(v1.reused).toBe(false);
    const v2 = stored(codec, { ...app, answers: { ...app.answers, 'check.articles': 'yes' } }, v1.entry);
    expect(v2.reused).toBe(true);
    expect(v2.blob).toBe(v1.blob);
    // An undefined property is absent in JSON: no change.
    expect(
      stored(codec, { ...app, focus: undefined, ca: { ...app.ca, agreementCode: undefined } }, v2.entry)
        .reused,
    ).toBe(true);
    const changes: Array<Partial<Application>> = [
      { fields: { ...app.fields, phone: '+81300000000' } },
      { members: [...app.members, { channel: 'slack', id: 'T1:U2' }] },
      { ca: {} },
      { csr: undefined },
      { certificate: { notAfter: '2028-12-01T00:00:00Z' } },
    ];
    for (const change of changes) {
      const next = stored(codec, { ...app, ...change }, v2.entry);
      expect(next.reused, JSON.stringify(change)).toBe(false);
      expect(next.blob).not.toBe(v1.blob);
      expect(codec.read(codec.decode(app.id, next.state, next.blob))).toEqual(
        JSON.parse(JSON.stringify({ ...app, ...change })),
      );
    }
  });

  it('seals again under the current key when the stored envelope names an older one', () => {
    const old = new AppCodec(new DataKeys([KEY_A]));
    const app = personalApp();
    const v1 = stored(old, app);
    const rotated = new AppCodec(new DataKeys([KEY_B, KEY_A]));
    const read = rotated.decode(app.id, v1.state, v1.blob);
    expect(read.kid).toBe('a');
    const v2 = stored(rotated, { ...app, answers: {} }, read);
    expect(v2.reused).toBe(false);
    expect(JSON.parse(v2.blob).kid).toBe('b');
    expect(stored(rotated, { ...app, answers: { x: '1' } }, v2.entry).reused).toBe(true);
  });

  it('hands out fresh objects: changing one never changes what the next read or write sees', () => {
    const codec = new AppCodec(new DataKeys([KEY_A]));
    const app = personalApp();
    const v1 = stored(codec, app);
    const copy = codec.read(v1.entry);
    copy.fields.phone = '+81399999999';
    copy.members.push({ channel: 'slack', id: 'T9:U9' });
    expect(codec.read(v1.entry)).toEqual(app);
    app.fields.name = 'Changed after the write';
    expect(codec.read(v1.entry).fields.name).toBe('Taro Yamada');
    // The caller's object changed after the write: that is a personal change, sealed again.
    expect(stored(codec, app, v1.entry).reused).toBe(false);
  });

  it('re-serialises what it cannot compare (a Date) instead of guessing it unchanged', () => {
    const codec = new AppCodec(new DataKeys([KEY_A]));
    const app = personalApp();
    const v1 = stored(codec, { ...app, certificate: { notAfter: '2027-12-01T00:00:00.000Z' } });
    const withDate = { ...app, certificate: { notAfter: new Date('2027-12-01T00:00:00Z') } };
    expect(stored(codec, withDate as unknown as Application, v1.entry).reused).toBe(false);
  });

  it('reads a whole application sealed by the earlier store, and writes it in two parts next time', () => {
    const keys = new DataKeys([KEY_A]);
    const codec = new AppCodec(keys);
    const app = personalApp();
    const legacy = codec.decode(app.id, '', keys.sealJson(app, app.id));
    expect(codec.read(legacy)).toEqual(app);
    expect(legacy.sealed).toBe('');
    expect(stored(codec, app, legacy).reused).toBe(false);
  });

  it('refuses a personal envelope moved onto another application', () => {
    const codec = new AppCodec(new DataKeys([KEY_A]));
    const one = personalApp();
    const { state, blob } = stored(codec, one);
    expect(() => codec.decode('OTHER1', state, blob)).toThrow();
  });
});
