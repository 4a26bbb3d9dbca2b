import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';
import { CodedError } from '../errors.js';

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time: one system call per ~300 IVs instead of one
 * per IV (each IV is still 96 fresh random bits, never reused).
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function take(n: number): number {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return poolAt - n;
}

function random(n: number): Buffer {
  const at = take(n);
  return Buffer.from(pool.subarray(at, at + n));
}

/** A random 96-bit token, URL-safe (the Redis store's write token). */
export function randomToken(): string {
  const at = take(12);
  return pool.toString('base64url', at, at + 12);
}

/** An encrypted value at rest (AES-256-GCM): key id, 96-bit IV, 128-bit tag, ciphertext, all base64. */
export interface Envelope {
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface DataKey {
  kid: string;
  key: Buffer;
}

export class DataKeyError extends CodedError {
  constructor(message: string) {
    super('data_key_invalid', message);
  }
}

/**
 * The keys personal data is encrypted with. The first key encrypts; every key decrypts, so a key is
 * rotated by putting the new one first and keeping the old one until no stored envelope names it.
 * The additional authenticated data binds a ciphertext to its place (an application id): an envelope
 * copied onto another application fails to open instead of being misread.
 */
/** How many terms' index tokens a DataKeys remembers (a save computes the same few again and again). */
const TOKEN_CACHE = 10_000;

export class DataKeys {
  readonly #keys: Map<string, Buffer>;
  readonly #current: DataKey;
  /** Per data key, current first: the HMAC key of `indexTokens`, derived (HKDF) so no key has two uses. */
  readonly #indexKeys: Buffer[];
  readonly #tokens = new Map<string, string[]>();

  constructor(keys: DataKey[]) {
    const first = keys[0];
    if (!first) throw new DataKeyError('no data key given');
    for (const k of keys) {
      if (k.key.length !== 32) throw new DataKeyError(`data key ${k.kid} is not 32 bytes`);
    }
    this.#current = first;
    this.#keys = new Map(keys.map((k) => [k.kid, k.key]));
    this.#indexKeys = [...this.#keys.values()].map((key) =>
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'evssl index token v1', 32)),
    );
  }

  /**
   * Stable opaque tokens of a value for index key names (the Redis store's `list` index): HMAC-SHA256
   * under a key derived from each data key, current key first, 128 bits, base64url. Keyed, because the
   * values are personal (email addresses) and a plain hash of an address is found by hashing a list of
   * addresses. A token is stable while its data key is kept: a reader looks under every token (one per
   * data key), a writer files under the first, so a rotation moves an entry on its next write.
   */
  indexTokens(value: string): string[] {
    const known = this.#tokens.get(value);
    if (known) return known;
    const tokens = this.#indexKeys.map((key) =>
      createHmac('sha256', key).update(value).digest('base64url').slice(0, 22),
    );
    // Every save files the application under the same few terms: remembered, not recomputed (bounded).
    if (this.#tokens.size >= TOKEN_CACHE) this.#tokens.clear();
    this.#tokens.set(value, tokens);
    return tokens;
  }

  get currentKid(): string {
    return this.#current.kid;
  }

  seal(plaintext: string, aad: string): Envelope {
    const iv = random(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      kid: this.#current.kid,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  open(envelope: Envelope, aad: string): string {
    const key = this.#keys.get(envelope.kid);
    if (!key) throw new DataKeyError(`no data key with id ${envelope.kid}: add it to DATA_KEYS to read`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  sealJson(value: unknown, aad: string): string {
    return JSON.stringify(this.seal(JSON.stringify(value), aad));
  }

  openJson(sealed: string, aad: string): unknown {
    return JSON.parse(this.open(JSON.parse(sealed) as Envelope, aad));
  }
}

/** The insecure development marker: a fixed, publicly known key (refused in production). */
export const DEV_KEYS = 'dev';
const DEV_KEY: DataKey = { kid: 'dev', key: Buffer.alloc(32, 0x64) };

/**
 * Parses `kid1:base64key,kid0:oldkey` (each key 32 bytes: `openssl rand -base64 32`) or the `dev`
 * marker. Throws DataKeyError naming the bad entry by its key id, never echoing key material.
 */
export function parseDataKeys(spec: string): DataKey[] {
  if (spec.trim() === DEV_KEYS) return [DEV_KEY];
  const keys: DataKey[] = [];
  for (const [i, part] of spec.split(',').entries()) {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    if (!/^[A-Za-z0-9_.-]{1,32}$/.test(kid)) {
      throw new DataKeyError(`entry ${i + 1} must be KID:BASE64KEY (a key id of letters, digits, _ . -)`);
    }
    const raw = entry.slice(colon + 1);
    const key = Buffer.from(raw, 'base64');
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(raw)) {
      throw new DataKeyError(`key ${kid} must be 32 bytes in base64`);
    }
    if (keys.some((k) => k.kid === kid)) throw new DataKeyError(`key id ${kid} is given twice`);
    keys.push({ kid, key });
  }
  return keys;
}
