import { generatePrimeSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fermatFactor, hasRocaFingerprint } from '../../src/cert/index.js';
import { isqrt, ROCA_MARKERS, ROCA_PRIMES } from '../../src/cert/weak-keys.js';

const prime = (bits: number) => generatePrimeSync(bits, { bigint: true });
const modPow = (b: bigint, e: bigint, m: bigint) => {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const random = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

describe('Fermat close-primes test (Baseline Requirements 6.1.1.3)', () => {
  it('computes integer square roots', () => {
    for (const n of [0n, 1n, 15n, 16n, 17n, (1n << 200n) + 12345n]) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
  });

  it('factors a modulus whose primes are close and returns the primes', () => {
    const p = prime(512);
    let q = p + (1n << 200n);
    while (!isPrimeish(q)) q += 2n;
    expect(fermatFactor(p * q)).toEqual([p, q]);
  });

  it('does not factor ordinary moduli', () => {
    for (let i = 0; i < 5; i++) expect(fermatFactor(prime(512) * prime(512))).toBeUndefined();
  });
});

describe('ROCA fingerprint (Nemec et al., CCS 2017)', () => {
  it('has the markers of the public roca-detect tool', () => {
    expect(ROCA_PRIMES).toHaveLength(38);
    expect(ROCA_MARKERS.slice(0, 6)).toEqual([6n, 30n, 126n, 1026n, 5658n, 107286n]);
  });

  it('flags moduli built the Infineon way, p = k*M + (65537^a mod M)', () => {
    const M = ROCA_PRIMES.reduce((acc, r) => acc * BigInt(r), 2n);
    for (let i = 0; i < 20; i++) {
      const p = random(16) * M + modPow(65537n, random(8), M);
      const q = random(16) * M + modPow(65537n, random(8), M);
      expect(hasRocaFingerprint(p * q)).toBe(true);
    }
  });

  it('passes normal keys', () => {
    for (let i = 0; i < 20; i++) expect(hasRocaFingerprint(prime(256) * prime(256))).toBe(false);
  });
});

function isPrimeish(n: bigint): boolean {
  // Miller-Rabin with a few bases; enough to build a test modulus.
  let d = n - 1n;
  let s = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    s++;
  }
  outer: for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n]) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}
