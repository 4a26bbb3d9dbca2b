import { Buffer } from 'node:buffer';
import type { InputWhat } from './types.js';

/** One PEM block (or the whole input when it was DER or bare base64). */
export interface DerBlock {
  label?: string;
  der: Uint8Array;
}

export type ReadInput =
  | { kind: 'blocks'; blocks: DerBlock[] }
  | {
      kind: 'what';
      what: Extract<InputWhat, 'empty' | 'garbage' | 'truncated' | 'private-key' | 'public-key'>;
    };

// Any PEM private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC, DSA, OpenSSH) or a PuTTY key file.
// Checked on the raw text before anything else so that a key is recognised even when mangled or cut short.
const PRIVATE_KEY_MARKERS = [/-{3,}\s*BEGIN [A-Z0-9 ]*PRIVATE KEY/i, /PuTTY-User-Key-File/i];
const SSH_PUBLIC_KEY = /^\s*(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-\S+) AAAA/m;
const PEM_BLOCK = /-{5}\s*BEGIN ([A-Z0-9 ]+?)\s*-{5}([\s\S]*?)-{5}\s*END \1\s*-{5}/g;
const PEM_BEGIN = /-{5}\s*BEGIN ([A-Z0-9 ]+?)\s*-{5}/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Turns what someone pasted into DER blocks. Tolerates Slack code fences and quotes, CRLF, indentation,
 * newlines collapsed to spaces, a missing final newline, zero-width and no-break spaces, and DER bytes.
 */
export function readInput(input: string | Uint8Array): ReadInput {
  if (typeof input !== 'string') {
    if (input.length === 0) return { kind: 'what', what: 'empty' };
    if (input[0] === 0x30 && !looksLikeText(input)) return { kind: 'blocks', blocks: [{ der: input }] };
    return readText(Buffer.from(input).toString('utf8'));
  }
  return readText(input);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 256);
  return sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f));
}

function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\u00a0\u3000]/g, ' ')
    .replace(/```/g, '\n')
    .replace(/^[ \t]*>[ \t]?/gm, ''); // Slack / email quoting
}

function readText(raw: string): ReadInput {
  const text = normalise(raw);
  if (text.trim() === '') return { kind: 'what', what: 'empty' };
  if (PRIVATE_KEY_MARKERS.some((re) => re.test(text))) return { kind: 'what', what: 'private-key' };
  if (SSH_PUBLIC_KEY.test(text)) return { kind: 'what', what: 'public-key' };

  const blocks: DerBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = (m[2] ?? '').replace(/\s+/g, '');
    if (!BASE64.test(body)) return { kind: 'what', what: 'garbage' };
    blocks.push({ label: m[1], der: Buffer.from(body, 'base64') });
  }
  // A BEGIN line whose END never came: the copy stopped short.
  if (blocks.length === 0 && PEM_BEGIN.test(text)) return { kind: 'what', what: 'truncated' };
  if (blocks.length > 0) return { kind: 'blocks', blocks };

  // No armour at all: perhaps just the base64 body.
  const bare = text.replace(/\s+/g, '');
  if (bare.length >= 32 && BASE64.test(bare)) {
    return { kind: 'blocks', blocks: [{ der: Buffer.from(bare, 'base64') }] };
  }
  return { kind: 'what', what: 'garbage' };
}

/** Canonical PEM: 64-column base64, LF line ends, final newline. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
