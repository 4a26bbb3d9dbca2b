/**
 * Typed readers of the Lua scripts' positional replies (redis-scripts.ts documents each layout): the
 * store reads named fields, and a layout change is made here and in the script side by side.
 */

type Reply = Array<string | number | null>;

/** A shown question as the scripts hold it: '' not recorded, '.' none, else the question id. */
export function decodeShown(raw: unknown): string | null | undefined {
  const s = raw == null ? '' : String(raw);
  if (s === '') return undefined;
  return s === '.' ? null : s;
}

export interface PeekReply {
  version: number;
  blob: string;
  duplicate: boolean;
  state: string;
  shown: string | null | undefined;
}

/** PEEK_SCRIPT: `{version, blob, duplicate 0/1, state, shown or ''}`. */
export function decodePeek(reply: unknown): PeekReply {
  const r = reply as Reply;
  return {
    version: Number(r[0] ?? 0),
    blob: String(r[1] ?? ''),
    duplicate: Number(r[2]) === 1,
    state: String(r[3] ?? ''),
    shown: decodeShown(r[4]),
  };
}

/** TURN_READ_SCRIPT: `{id or '', version, blob, duplicate 0/1, state, shown or ''}` (id '': unbound). */
export function decodeTurnRead(reply: unknown): ({ id: string } & PeekReply) | null {
  const r = reply as Reply;
  const id = String(r[0] ?? '');
  if (id === '') return null;
  return { id, ...decodePeek(r.slice(1)) };
}

export type SaveReply =
  | { kind: 'saved'; version: number }
  | { kind: 'duplicate' }
  | { kind: 'conflict'; version: number; blob: string; state: string; shown: string | null | undefined }
  | { kind: 'bound'; applicationId: string }
  /** A Cluster's commit: the client files the entries (pending) or extends those filed before. */
  | { kind: 'index'; version: number; before: string; pending: boolean };

/** SAVE_SCRIPT: a version, or a tagged array (see the script's "Returns"). */
export function decodeSave(reply: unknown): SaveReply {
  if (typeof reply === 'number') return { kind: 'saved', version: reply };
  const r = reply as Reply;
  switch (r[0]) {
    case 'duplicate':
      return { kind: 'duplicate' };
    case 'bound':
      return { kind: 'bound', applicationId: String(r[1]) };
    case 'index':
      return {
        kind: 'index',
        version: Number(r[1]),
        before: String(r[2] ?? ''),
        pending: Number(r[3]) === 1,
      };
    case 'conflict':
      return {
        kind: 'conflict',
        version: Number(r[1]),
        blob: String(r[2] ?? ''),
        state: String(r[3] ?? ''),
        shown: decodeShown(r[4]),
      };
    default:
      throw new TypeError(`unexpected reply of the save script: ${JSON.stringify(r?.[0])}`);
  }
}
