import type { AddressInfo } from 'node:net';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP forwarder in front of a server (Dovecot's IMAP port) whose behaviour a test switches:
 * `open` forwards, `refuse` closes every connection at once (a server that is down), `hang` accepts and
 * never answers (a server that stalls before its greeting). Every switch cuts the connections it holds,
 * as a server going down (or restarting) does.
 */
export interface TcpGate {
  port: number;
  mode: 'open' | 'refuse' | 'hang';
  set(mode: TcpGate['mode']): void;
  close(): Promise<void>;
}

export async function startTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  const sockets = new Set<Socket>();
  const gate: TcpGate = {
    port: 0,
    mode: 'open',
    set(mode) {
      gate.mode = mode;
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (gate.mode === 'refuse') return void client.destroy();
    if (gate.mode === 'hang') return;
    const upstream = createConnection(target);
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gate.port = (server.address() as AddressInfo).port;
  return gate;
}
