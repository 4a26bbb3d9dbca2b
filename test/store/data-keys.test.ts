import { describe, expect, it } from 'vitest';
import { DataKeyError, DataKeys, parseDataKeys } from '../../src/store/data-keys.js';

const K1 = { kid: 'k1', key: Buffer.alloc(32, 1) };
const K0 = { kid: 'k0', key: Buffer.alloc(32, 2) };

describe('DataKeys (AES-256-GCM envelopes)', () => {
  it('seals into {kid, iv, tag, ct} without the plaintext, and opens it again', () => {
    const keys = new DataKeys([K1]);
    const env = keys.seal('+81312345678', 'APP1');
    expect(Object.keys(env).sort()).toEqual(['ct', 'iv', 'kid', 'tag']);
    expect(env.kid).toBe('k1');
    expect(Buffer.from(env.iv, 'base64')).toHaveLength(12);
    expect(JSON.stringify(env)).not.toContain('312345678');
    expect(keys.open(env, 'APP1')).toBe('+81312345678');
  });

  it('never repeats an IV', () => {
    const keys = new DataKeys([K1]);
    const ivs = new Set(Array.from({ length: 1000 }, () => keys.seal('x', 'A').iv));
    expect(ivs.size).toBe(1000);
  });

  it('refuses a tampered ciphertext or an envelope opened for another place', () => {
    const keys = new DataKeys([K1]);
    const env = keys.seal('Taro Yamada', 'APP1');
    const ct = Buffer.from(env.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    expect(() => keys.open({ ...env, ct: ct.toString('base64') }, 'APP1')).toThrow();
    expect(() => keys.open(env, 'APP2')).toThrow();
  });

  it('rotates: the first key seals, older keys still open, a missing key is named', () => {
    const old = new DataKeys([K0]).seal('a', 'X');
    const rotated = new DataKeys([K1, K0]);
    expect(rotated.open(old, 'X')).toBe('a');
    expect(rotated.seal('b', 'X').kid).toBe('k1');
    expect(() => new DataKeys([K1]).open(old, 'X')).toThrow(/no data key with id k0/);
  });
});

describe('parseDataKeys', () => {
  const b64 = (n: number) => Buffer.alloc(32, n).toString('base64');
  it.each([
    ['one key', `k1:${b64(1)}`, ['k1']],
    ['rotation list, spaces allowed', `k2:${b64(2)}, k1:${b64(1)}`, ['k2', 'k1']],
    ['the dev marker', 'dev', ['dev']],
  ])('reads %s', (_, spec, kids) => {
    expect(parseDataKeys(spec).map((k) => k.kid)).toEqual(kids);
  });

  it.each([
    ['no key id', b64(1), /KID:BASE64KEY/],
    ['a 16-byte key', `k1:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    ['not base64', 'k1:not*base64', /32 bytes/],
    ['a repeated id', `k1:${b64(1)},k1:${b64(2)}`, /twice/],
  ])('refuses %s without echoing key material', (_, spec, message) => {
    expect(() => parseDataKeys(spec)).toThrow(DataKeyError);
    expect(() => parseDataKeys(spec)).toThrow(message);
    try {
      parseDataKeys(spec);
    } catch (err) {
      expect((err as Error).message).not.toContain(b64(1));
    }
  });
});
