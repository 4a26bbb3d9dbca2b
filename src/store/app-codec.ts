import { CodedError } from '../errors.js';
import { type Application, readApplication } from '../flow/state.js';
import { copyJson } from './copy-json.js';
import type { DataKeys, Envelope } from './data-keys.js';

/**
 * The step state of an application: which question it is at and what was chosen (answers are option
 * values and timestamps, never typed text), dates, language. No personal data: stored plain. Every
 * other property — fields, members, CA codes and URLs, the CSR, the certificate, and any property added
 * later — is personal by default and sealed.
 */
const PLAIN_KEYS = [
  'schemaVersion',
  'id',
  'flow',
  'lang',
  'status',
  'answers',
  'focus',
  'pending',
  'dunsMismatchAcknowledged',
  'createdAt',
  'updatedAt',
  'stepSince',
] as const;
const PLAIN = new Set<string>(PLAIN_KEYS);

/** An application as the Redis store holds it (and caches it per version). */
export interface EncodedApplication {
  /** The application as stored: a private copy, never handed out (`read` gives a fresh one). */
  value: Application;
  /** The personal part's AES-256-GCM envelope as stored (field `blob`); '' when it must be sealed again. */
  sealed: string;
  /** Key id of `sealed`. */
  kid: string;
}

/**
 * Splits an application into plain step state and a sealed personal part, and reuses the personal
 * part's envelope while it is unchanged: most turns (a check, a waiting step, a date) change only step
 * state, so they pay no cipher and do not even serialise the personal part. An envelope is reused only if
 * it is the one stored at the version being replaced (the compare-and-set then guarantees it is still
 * there) and sealed under the current key (a rotated key re-encrypts on the next write).
 */
export class AppCodec {
  constructor(private readonly data: DataKeys) {}

  /**
   * `previous`: what the store holds at the version this write replaces, if known. `state`: the step
   * state to store; `reused`: the stored envelope stays as it is (the write need not carry it).
   */
  encode(
    app: Application,
    previous?: EncodedApplication,
  ): { state: string; entry: EncodedApplication; reused: boolean } {
    const src = app as unknown as Record<string, unknown>;
    // Built in one order every time: the objects share a shape and serialise fast.
    const plain: Record<string, unknown> = {};
    for (const key of PLAIN_KEYS) plain[key] = src[key];
    const state = JSON.stringify(plain);
    if (
      previous &&
      previous.sealed !== '' &&
      previous.kid === this.data.currentKid &&
      samePersonal(src, previous.value as unknown as Record<string, unknown>)
    ) {
      // The personal part is the stored one: share it, copy only the step state.
      const value: Record<string, unknown> = {};
      for (const key in previous.value) {
        if (!PLAIN.has(key)) value[key] = (previous.value as unknown as Record<string, unknown>)[key];
      }
      for (const key of PLAIN_KEYS) if (plain[key] !== undefined) value[key] = copyJson(plain[key]);
      const entry = { value: value as unknown as Application, sealed: previous.sealed, kid: previous.kid };
      return { state, entry, reused: true };
    }
    const personal: Record<string, unknown> = {};
    for (const key in src) if (!PLAIN.has(key)) personal[key] = src[key];
    const sealed = JSON.stringify(this.data.seal(JSON.stringify(personal), personalAad(app.id)));
    const value = copyJson(app) as Application;
    return { state, entry: { value, sealed, kid: this.data.currentKid }, reused: false };
  }

  /**
   * What Redis holds: `state` and the personal envelope `blob`, or (`state` '') a whole application
   * sealed in `blob` by an earlier version of the store, re-written in two parts on its next save.
   */
  decode(id: string, state: string, blob: string): EncodedApplication {
    if (state === '') return { value: checked(id, this.data.openJson(blob, id)), sealed: '', kid: '' };
    const envelope = JSON.parse(blob) as Envelope;
    const personal = JSON.parse(this.data.open(envelope, personalAad(id))) as object;
    return {
      value: checked(id, Object.assign(JSON.parse(state), personal)),
      sealed: blob,
      kid: envelope.kid,
    };
  }

  /** A fresh application object (callers may change it). */
  read(entry: EncodedApplication): Application {
    return copyJson(entry.value) as Application;
  }
}

/** The personal envelope is bound to its application and to its role (not an audit actor, not a name). */
function personalAad(id: string): string {
  return `${id}:personal`;
}

function checked(id: string, raw: unknown): Application {
  const r = readApplication(raw);
  if (!r.ok) throw new CodedError('application_unreadable', `application ${id}: ${r.reason}`);
  return r.app;
}

/** Whether the personal properties of `app` serialise to the same JSON as those of `stored`. */
function samePersonal(app: Record<string, unknown>, stored: Record<string, unknown>): boolean {
  for (const key in app) if (!PLAIN.has(key) && !sameJson(app[key], stored[key])) return false;
  for (const key in stored) if (!PLAIN.has(key) && !(key in app) && stored[key] !== undefined) return false;
  return true;
}

/**
 * JSON equality of a value against one parsed from JSON (`b`): undefined properties count as absent,
 * and anything but plain objects, arrays, strings, finite numbers, booleans and null is "different"
 * (a Date or a class instance is re-serialised rather than guessed at).
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return a === undefined || a === null || typeof a !== 'number' || Number.isFinite(a);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key])) return false;
    defined += 1;
  }
  let count = 0;
  for (const key in y) if (y[key] !== undefined) count += 1;
  return count === defined;
}
