import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/**
 * One raw DNS query over UDP, used only to explain a SERVFAIL that `node:dns` reports as a bare
 * `ESERVFAIL`: c-ares neither sets the CD (checking disabled) bit nor exposes the Extended DNS Error
 * option of RFC 8914, and those two are how a validating resolver says "DNSSEC failed". Written by hand
 * (about 100 lines) because the only DNS library installed, dns2, is a test dependency.
 */
export interface RawAnswer {
  /** RCODE including the EDNS extended bits (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN). */
  rcode: number;
  answers: number;
  /** RFC 8914 Extended DNS Error, when the resolver sent one. */
  ede?: { code: number; text: string };
}

export const RR_TYPE = { CNAME: 5, TXT: 16 } as const;

export async function rawQuery(
  server: { address: string; port: number },
  name: string,
  type: number,
  opts: { checkingDisabled: boolean; timeoutMs: number },
): Promise<RawAnswer | undefined> {
  const id = randomBytes(2).readUInt16BE(0);
  const query = encodeQuery(id, name, type, opts.checkingDisabled);
  const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
  try {
    return await new Promise<RawAnswer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), opts.timeoutMs);
      socket.on('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      socket.on('message', (msg) => {
        const parsed = parseResponse(msg, id);
        if (!parsed) return; // not ours (or garbled): keep waiting until the timeout
        clearTimeout(timer);
        resolve(parsed);
      });
      socket.send(query, server.port, server.address);
    });
  } finally {
    socket.close();
  }
}

/** Header (RD, optionally CD), one question, and an OPT record with the DO bit (RFC 6891, RFC 3225). */
function encodeQuery(id: number, name: string, type: number, cd: boolean): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100 | (cd ? 0x0010 : 0), 2);
  header.writeUInt16BE(1, 4); // QDCOUNT
  header.writeUInt16BE(1, 10); // ARCOUNT: the OPT record
  const labels = name
    .replace(/\.$/, '')
    .split('.')
    .map((l) => Buffer.from(l, 'ascii'));
  const qname = Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2); // IN
  const opt = Buffer.alloc(11);
  opt.writeUInt8(0, 0); // root name
  opt.writeUInt16BE(41, 1); // OPT
  opt.writeUInt16BE(1232, 3); // UDP payload size
  opt.writeUInt32BE(0x00008000, 5); // extended RCODE 0, version 0, DO
  opt.writeUInt16BE(0, 9);
  return Buffer.concat([header, qname, tail, opt]);
}

function skipName(buf: Buffer, at: number): number {
  let i = at;
  while (i < buf.length) {
    const len = buf[i]!;
    if (len === 0) return i + 1;
    if ((len & 0xc0) === 0xc0) return i + 2; // compression pointer ends the name
    i += len + 1;
  }
  return -1;
}

export function parseResponse(buf: Buffer, id: number): RawAnswer | undefined {
  if (buf.length < 12 || buf.readUInt16BE(0) !== id || (buf[2]! & 0x80) === 0) return undefined;
  let rcode = buf[3]! & 0x0f;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  let at = 12;
  for (let i = 0; i < qd; i++) {
    at = skipName(buf, at);
    if (at < 0) return undefined;
    at += 4;
  }
  let ede: RawAnswer['ede'];
  for (let i = 0; i < an + ns + ar; i++) {
    at = skipName(buf, at);
    if (at < 0 || at + 10 > buf.length) return undefined;
    const type = buf.readUInt16BE(at);
    const ttl = buf.readUInt32BE(at + 4);
    const rdlen = buf.readUInt16BE(at + 8);
    const rdata = at + 10;
    if (rdata + rdlen > buf.length) return undefined;
    if (i >= an + ns && type === 41) {
      rcode |= (ttl >>> 24) << 4;
      ede = readEde(buf.subarray(rdata, rdata + rdlen)) ?? ede;
    }
    at = rdata + rdlen;
  }
  return { rcode, answers: an, ...(ede ? { ede } : {}) };
}

/** The EDE option (code 15): a 16-bit INFO-CODE and optional UTF-8 EXTRA-TEXT (RFC 8914 section 2). */
function readEde(opts: Buffer): RawAnswer['ede'] {
  let at = 0;
  while (at + 4 <= opts.length) {
    const code = opts.readUInt16BE(at);
    const len = opts.readUInt16BE(at + 2);
    const data = opts.subarray(at + 4, at + 4 + len);
    if (code === 15 && data.length >= 2) {
      return { code: data.readUInt16BE(0), text: data.subarray(2).toString('utf8').slice(0, 200) };
    }
    at += 4 + len;
  }
  return undefined;
}

/** `127.0.0.1:5353`, `[::1]:53`, `8.8.8.8` as `Resolver#getServers()` lists them. */
export function parseServer(s: string): { address: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { address: v6[1]!, port: Number(v6[2] ?? 53) };
  if (isIPv6(s)) return { address: s, port: 53 };
  const [address, port] = s.split(':');
  return { address: address!, port: Number(port ?? 53) };
}
