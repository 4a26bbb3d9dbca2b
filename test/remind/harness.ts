import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';

/** A local stand-in for Slack's Web API: records chat.postMessage calls, can fail the next N. */
export interface FakeSlack {
  url: string;
  posts: Array<{ channel: string; text: string }>;
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const posts: FakeSlack['posts'] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      if (failures > 0) {
        failures--;
        res.writeHead(500).end();
        return;
      }
      const type = req.headers['content-type'] ?? '';
      const form = type.includes('json')
        ? (JSON.parse(body) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(body));
      if (req.url?.endsWith('/chat.postMessage'))
        posts.push({ channel: String(form.channel), text: String(form.text) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, channel: form.channel, ts: `${Date.now()}.000100` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    posts,
    failNext: (n) => {
      failures = n;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A real SMTP server (smtp-server) keeping what it receives; `parse` decodes subjects and bodies. */
export interface SmtpCapture {
  url: string;
  mails: Array<{ to: string[]; subject: string; text: string }>;
  received: () => number;
  close(): Promise<void>;
}

export async function startSmtpCapture(options: { parse?: boolean } = {}): Promise<SmtpCapture> {
  const mails: SmtpCapture['mails'] = [];
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        count++;
        if (options.parse !== false) {
          const parsed = await simpleParser(Buffer.concat(chunks));
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
        }
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    received: () => count,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => now,
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advanceDays: (d: number) => {
      now += d * 24 * 3600 * 1000;
    },
  };
}

export const silentLogger = () => pino({ level: 'silent' });
