import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import dns2 from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDcvCommand } from '../../src/cli/check-dcv.js';
import { checkSiteCommand } from '../../src/cli/check-site.js';
import type { CliCommand, CliIo } from '../../src/cli/io.js';
import { TestCa } from '../cert/test-ca.js';

async function run(command: CliCommand, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { read: (p) => readFile(p), out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await command(args, io);
  const stdout = out.join('\n');
  return { code, stderr: err.join('\n'), json: stdout ? JSON.parse(stdout) : undefined };
}

let ca: TestCa;
const servers: Server[] = [];
const ports: Record<string, number> = {};
const day = 86_400_000;
let issued = '';

beforeAll(async () => {
  ca = new TestCa();
  ca.root('root');
  ca.intermediate('inter', 'root', new Date('2020-01-02'), new Date('2039-01-01'));
  const now = Date.now();
  issued = ca.sign(ca.csr('new', 'www.example.jp'), 'inter', new Date(now - day), new Date(now + 150 * day));
  const old = ca.sign(
    ca.csr('old', 'www.example.jp'),
    'inter',
    new Date(now - 100 * day),
    new Date(now + 40 * day),
  );
  const inter = ca.read('inter.pem');
  for (const [name, key, cert] of [
    ['good', 'new', ca.read(issued) + inter],
    ['nointer', 'new', ca.read(issued)],
    ['old', 'old', ca.read(old) + inter],
  ] as const) {
    const server = createServer({ key: ca.read(`${key}.key`), cert }, (s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    ports[name] = (server.address() as AddressInfo).port;
  }
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  ca.dispose();
});

const site = (setup: string, ...more: string[]) =>
  run(checkSiteCommand, [
    'www.example.jp',
    '--port',
    String(ports[setup]),
    '--connect',
    '127.0.0.1',
    '--ca',
    ca.path('root.pem'),
    ...more,
  ]);

describe('evssl-bot check-site', () => {
  it('exits 0 with the facts when the issued certificate is served with its chain', async () => {
    const r = await site('good', '--cert', ca.path(issued), '--csr', ca.path('new.csr'));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      kind: 'site',
      host: 'www.example.jp',
      hostMatches: true,
      intermediateSent: true,
      trusted: true,
      isIssued: true,
      oldStillServed: false,
      certificate: { commonName: 'www.example.jp', daysLeft: 149 },
      problems: [],
    });
    expect(r.json.chain).toHaveLength(2);
  });

  it('exits 1 for a missing intermediate, messages in Japanese with --lang ja', async () => {
    const r = await site('nointer', '--lang', 'ja');
    expect(r.code).toBe(1);
    expect(r.json.problems).toEqual([
      {
        code: 'site.intermediate-missing',
        severity: 'error',
        message: expect.stringContaining('中間証明書'),
      },
    ]);
  });

  it('exits 1 when the old certificate is still served', async () => {
    const r = await site('old', '--cert', ca.path(issued));
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ isIssued: false, oldStillServed: true });
  });

  it('exits 2 with a JSON error when nothing answers TLS', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await run(checkSiteCommand, [
      'www.example.jp',
      '--port',
      String(free),
      '--connect',
      '127.0.0.1',
    ]);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, kind: 'unreachable', error: { code: 'ECONNREFUSED' } });
  });

  it.each([
    [[], 'usage'],
    [['www.example.jp', '--port', 'x'], 'not a port'],
    [['www.example.jp', '--cert', '/nonexistent.crt'], 'cannot read'],
    [['www.example.jp', '--bogus', '1'], 'unknown option'],
  ])('exits 2 on bad usage %j', async (args, said) => {
    const r = await run(checkSiteCommand, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(said);
  });

  it('runs as the installed command prints it (bin, JSON on stdout, exit code)', async () => {
    const args = ['bin/evssl-bot.js', 'check-site', 'www.example.jp', '--port', String(ports.nointer)];
    const res = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [...args, '--connect', '127.0.0.1', '--ca', ca.path('root.pem')],
        (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout }),
      );
    });
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).intermediateSent).toBe(false);
  });
});

describe('evssl-bot check-dcv', () => {
  let server: ReturnType<typeof dns2.createServer>;
  let at = '';
  beforeAll(async () => {
    server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const res = dns2.Packet.createResponseFromRequest(request);
        const q = request.questions[0]!;
        if (q.name === '_abc.example.jp' && q.type === dns2.Packet.TYPE.CNAME) {
          res.answers.push({
            name: q.name,
            type: dns2.Packet.TYPE.CNAME,
            class: dns2.Packet.CLASS.IN,
            ttl: 60,
            domain: 'x.y.sectigo.com',
          } as unknown as (typeof res.answers)[number]);
        } else res.header.rcode = 3;
        send(res);
      },
    });
    const a = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
    at = `127.0.0.1:${(a.udp as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('exits 0 when the CNAME is there, 1 with the reason when it is not', async () => {
    const ok = await run(checkDcvCommand, ['_abc.example.jp', '--cname', 'x.y.sectigo.com', '--dns', at]);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({
      ok: true,
      method: 'cname',
      looks: [{ where: '_abc.example.jp', code: 'dv.ok' }],
    });
    const bad = await run(checkDcvCommand, ['_abc.example.jp', '--cname', 'z.sectigo.com', '--dns', at]);
    expect(bad.code).toBe(1);
    expect(bad.json.problems[0]).toMatchObject({ code: 'dv.dns.points-elsewhere', severity: 'error' });
  });

  it('checks the values read from a CA mail (--mail), and exits 2 for a mail without any', async () => {
    const r = await run(checkDcvCommand, [
      '--mail',
      'test/fixtures/check/sectigo-dcv-cname.eml',
      '--dns',
      at,
    ]);
    expect(r.code).toBe(1);
    expect(r.json.results).toHaveLength(1);
    expect(r.json.results[0]).toMatchObject({
      request: { method: 'cname', name: '_7f0a1b2c3d4e5f60718293a4b5c6d7e8.example.co.jp' },
      looks: [{ code: 'dv.dns.missing' }],
    });
    const none = await run(checkDcvCommand, ['--mail', 'test/fixtures/camail/sectigo-dcv-qp.eml']);
    expect(none.code).toBe(2);
    expect(none.json.error.code).toBe('dv.no-values');
  });

  it('exits 2 on values it cannot read, or no method', async () => {
    const r = await run(checkDcvCommand, ['www.example.jp', '--file', '/etc/passwd', '--content', 'x']);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'dv.file-path' } });
    expect((await run(checkDcvCommand, ['www.example.jp'])).code).toBe(2);
  });
});
