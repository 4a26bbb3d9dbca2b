import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local stand-in for Slack's Socket Mode: `apps.connections.open` (and `auth.test`) on a Web API base
 * URL, and the web socket it hands out — RFC 6455 handshake, Slack's `hello` message, pongs to the
 * client's pings, close frames. Enough for Bolt to connect and report the socket open; events are
 * not sent. `drop` cuts every socket; while `refusing`, connections.open fails as during an outage.
 */
export interface FakeSocketMode {
  url: string;
  /** Web sockets opened so far (a reconnect adds one). */
  opened: number;
  refusing: boolean;
  drop(): void;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
      const body =
        method === 'apps.connections.open'
          ? fake.refusing
            ? { ok: false, error: 'internal_error' }
            : { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=t` }
          : method === 'auth.test'
            ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'evssl' }
            : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const key = req.headers['sec-websocket-key'];
    if (fake.refusing || typeof key !== 'string') return void socket.destroy();
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    fake.opened++;
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }))));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let f = readFrame(buffered); f; f = readFrame(buffered)) {
        buffered = buffered.subarray(f.size);
        if (f.opcode === 0x9) socket.write(frame(0xa, f.payload));
        if (f.opcode === 0x8) socket.end(frame(0x8, f.payload));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeSocketMode = {
    url: `http://127.0.0.1:${port}/api/`,
    opened: 0,
    refusing: false,
    drop: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return fake;
}

/** A server frame (unmasked, final). */
function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head =
    n < 126
      ? Buffer.from([0x80 | opcode, n])
      : n < 65_536
        ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(n)]);
  return Buffer.concat([head, payload]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** One client frame (masked) from the front of `buf`, or undefined while it is incomplete. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let length = buf[1]! & 0x7f;
  let at = 2;
  if (length === 126) {
    if (buf.length < 4) return undefined;
    length = buf.readUInt16BE(2);
    at = 4;
  } else if (length === 127) {
    if (buf.length < 10) return undefined;
    length = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? buf.subarray(at, at + 4) : undefined;
  if (masked) at += 4;
  if (buf.length < at + length) return undefined;
  const payload = Buffer.from(buf.subarray(at, at + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, size: at + length };
}
