import type { TrackedCertificate } from './types.js';

/**
 * The compact Redis layout of a tracked certificate: one small hash per certificate with a one-letter
 * field per property, instead of the whole record as JSON in one field. Every value stays under Redis's
 * listpack limit (64 bytes), so the hash is stored as one flat allocation (~200 B instead of ~630 B for
 * the JSON layout, which forced a full hash table). Timestamps that round-trip are stored as integers
 * (listpack keeps them in 5-9 bytes instead of 24); the id is the key's, not repeated; `pendingJob` keeps
 * only what follows `r_<id>_`; usual `source`/`state` values are one letter; `updatedAt` equal to
 * `createdAt` is not stored twice. Reserved fields: `v` (the compare-and-set version) and `x` (the sent
 * marks, registry.ts). An old-layout hash (`json` + `v`) is still read: decodeCert accepts both.
 */
const FIELDS = {
  domain: 'd',
  team: 't',
  notAfter: 'a',
  notBefore: 'b',
  serialNumber: 'n',
  source: 'o',
  applicationId: 'p',
  validatedAt: 'w',
  contractEnd: 'e',
  generation: 'g',
  rev: 'r',
  state: 's',
  snoozedUntil: 'z',
  acknowledgedAt: 'k',
  lastRemindedAt: 'l',
  pendingJob: 'j',
  createdAt: 'c',
  updatedAt: 'u',
} as const satisfies Partial<Record<keyof TrackedCertificate, string>>;

type Field = keyof typeof FIELDS;
const TIMES = new Set<string>([
  'notAfter',
  'notBefore',
  'validatedAt',
  'snoozedUntil',
  'acknowledgedAt',
  'lastRemindedAt',
  'createdAt',
  'updatedAt',
]);
const NUMBERS = new Set<string>(['generation', 'rev']);
const NAMES = Object.fromEntries(Object.entries(FIELDS).map(([k, f]) => [f, k])) as Record<string, Field>;
/** Reserved hash fields that are not properties of the record. */
export const VERSION_FIELD = 'v';
export const SENT_FIELD = 'x';
/** A property this codec does not know (a newer version's) is kept as JSON under `.name`. */
const EXTRA = '.';

/**
 * An ISO time as an integer when that gives the same string back: whole seconds (fits 4 bytes), negated
 * for the `…:00Z` form without milliseconds; milliseconds otherwise (≥ 1e11, so never read as seconds).
 */
function encodeTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || ms <= 0) return iso;
  const full = new Date(ms).toISOString();
  const whole = ms % 1000 === 0;
  if (full === iso) return String(whole ? ms / 1000 : ms);
  if (whole && full.replace('.000Z', 'Z') === iso) return String(-ms / 1000);
  return iso;
}

function decodeTime(v: string): string {
  if (!/^-?\d+$/.test(v)) return v;
  const n = Number(v);
  if (n < 0) return new Date(-n * 1000).toISOString().replace('.000Z', 'Z');
  return new Date(n >= 1e11 ? n : n * 1000).toISOString();
}

/** One letter for the usual values of `source` and `state` (an unusual value is stored as it is). */
const SHORT: Record<string, Record<string, string>> = {
  source: { issued: 'i', manual: 'm' },
  state: { active: 'a', renewing: 'r', done: 'd' },
};
const LONG = Object.fromEntries(
  Object.entries(SHORT).map(([k, m]) => [k, Object.fromEntries(Object.entries(m).map(([a, b]) => [b, a]))]),
) as Record<string, Record<string, string>>;

/** The hash fields of a certificate (without `v` and `x`). */
export function encodeCert(cert: TrackedCertificate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(cert)) {
    if (value === undefined || name === 'id') continue;
    const f = FIELDS[name as Field];
    if (!f) out[`${EXTRA}${name}`] = JSON.stringify(value);
    else if (TIMES.has(name)) out[f] = encodeTime(String(value));
    else if (SHORT[name]) out[f] = SHORT[name][String(value)] ?? String(value);
    else if (name === 'pendingJob') {
      const own = `r_${cert.id}_`;
      const job = String(value);
      out[f] = job.startsWith(own) ? job.slice(own.length) : `=${job}`;
    } else out[f] = String(value);
  }
  // Most certificates were last changed when they were created: `updatedAt` then is `createdAt`'s.
  if (out[FIELDS.updatedAt] === out[FIELDS.createdAt] && out[FIELDS.createdAt] !== undefined)
    delete out[FIELDS.updatedAt];
  return out;
}

/** The certificate of a hash in either layout (compact, or the old `json` field); null when empty. */
export function decodeCert(id: string, hash: Record<string, string>): TrackedCertificate | null {
  if (hash.json) return JSON.parse(hash.json) as TrackedCertificate;
  if (hash[FIELDS.rev] === undefined) return null;
  const cert: Record<string, unknown> = { id };
  for (const [f, v] of Object.entries(hash)) {
    if (f.startsWith(EXTRA)) {
      cert[f.slice(EXTRA.length)] = JSON.parse(v);
      continue;
    }
    const name = NAMES[f];
    if (!name) continue;
    if (TIMES.has(name)) cert[name] = decodeTime(v);
    else if (NUMBERS.has(name)) cert[name] = Number(v);
    else if (LONG[name]) cert[name] = LONG[name][v] ?? v;
    else if (name === 'pendingJob') cert[name] = v.startsWith('=') ? v.slice(1) : `r_${id}_${v}`;
    else cert[name] = v;
  }
  if (cert.updatedAt === undefined && cert.createdAt !== undefined) cert.updatedAt = cert.createdAt;
  return cert as unknown as TrackedCertificate;
}

/** The sent marks of the `x` field: `generation:t,t,…` (only the latest generation is kept). */
export function decodeSent(x: string | null | undefined, generation: number): number[] {
  if (!x) return [];
  const [g, list] = x.split(':');
  return Number(g) === generation && list ? list.split(',').map(Number) : [];
}
