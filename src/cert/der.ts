/** A minimal DER reader: just enough to tell truncated input from garbage and to recognise key shapes. */

export interface Tlv {
  tag: number;
  /** Offset of the content. */
  start: number;
  /** Offset just past the content. */
  end: number;
}

export type TlvRead = { ok: true; tlv: Tlv } | { ok: false; reason: 'truncated' | 'invalid' };

/** Reads the TLV at `offset`; `truncated` when the length says more bytes than there are. */
export function readTlv(bytes: Uint8Array, offset = 0, limit = bytes.length): TlvRead {
  if (offset + 2 > limit) return { ok: false, reason: offset >= limit ? 'invalid' : 'truncated' };
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return { ok: false, reason: 'invalid' }; // high tag numbers: not in our types
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) return { ok: false, reason: 'invalid' };
    if (start + count > limit) return { ok: false, reason: 'truncated' };
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) return { ok: false, reason: 'truncated' };
  return { ok: true, tlv: { tag, start, end } };
}

/** The children of a constructed TLV, or undefined when they do not parse. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const r = readTlv(bytes, at, parent.end);
    if (!r.ok) return undefined;
    out.push(r.tlv);
    at = r.tlv.end;
  }
  return out;
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  context0: 0xa0,
} as const;

/** Decodes an OBJECT IDENTIFIER's content bytes to dotted form. */
export function decodeOid(content: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of content) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}
