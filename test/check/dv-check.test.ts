import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import dns2 from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomainValidation } from '../../src/check/dv-check.js';
import { dnsRequest, httpRequest } from '../../src/check/dv-request.js';
import { TestCa } from '../cert/test-ca.js';

const CONTENT = '8F3B2C1D0E9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C\nsectigo.com\nt0000000001';
const FILE = '/.well-known/pki-validation/1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D.txt';

/** What each host serves at FILE, over http and https (the same site on both unless said). */
type Route = (req: IncomingMessage, res: ServerResponse, secure: boolean) => void;
const routes: Record<string, Route> = {
  'good.example.jp': (_q, res) => res.end(CONTENT),
  'crlf.example.jp': (_q, res) => res.end(`\uFEFF${CONTENT.replace(/\n/g, '\r\n')}\r\n`),
  'missing.example.jp': (_q, res) => res.writeHead(404).end('Not Found'),
  'wrong.example.jp': (_q, res) => res.end(CONTENT.replace('sectigo.com', 'comodoca.com')),
  'cms.example.jp': (_q, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Top</title>'),
  'elsewhere.example.jp': (_q, res) =>
    res.writeHead(301, { location: `https://www.other.example.net${FILE}` }).end(),
  // http redirects to https on the same host (followed), https serves the file.
  'tohttps.example.jp': (q, res, secure) =>
    secure ? res.end(CONTENT) : res.writeHead(301, { location: `https://tohttps.example.jp${q.url}` }).end(),
  // Only https serves it: http passes nothing, and says so as a warning beside the pass.
  'httpsonly.example.jp': (_q, res, secure) => (secure ? res.end(CONTENT) : res.writeHead(403).end()),
  'loop.example.jp': (q, res) => res.writeHead(302, { location: q.url ?? '/' }).end(),
  'auth.example.jp': (_q, res) => res.writeHead(401, { 'www-authenticate': 'Basic' }).end(),
};

let http: Server;
let https: Server;
let ca: TestCa;
const ports = { http: 0, https: 0 };
const lookup: LookupFunction = (_host, opts, cb) => {
  if ((opts as { all?: boolean }).all)
    (cb as unknown as (e: null, a: unknown[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

function handler(secure: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const route = routes[host];
    if (!route || !req.url?.startsWith('/.well-known/')) return res.writeHead(404).end();
    route(req, res, secure);
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  ca = new TestCa();
  ca.root('root');
  const csr = ca.csr('site', 'good.example.jp');
  const cert = ca.sign(csr, 'root', new Date('2026-01-01'), new Date('2026-06-01'));
  http = createHttp(handler(false));
  https = createHttps({ key: ca.read('site.key'), cert: ca.read(cert) }, handler(true));
  ports.http = await listen(http);
  ports.https = await listen(https);
});

afterAll(async () => {
  await new Promise((r) => http.close(r));
  await new Promise((r) => https.close(r));
  ca.dispose();
});

async function file(domain: string, content = CONTENT) {
  const req = httpRequest(domain, FILE.split('/').pop()!, content);
  if (!req.ok) throw new Error(req.code);
  // The redirect targets in routes carry no port: map 80/443 to the test servers.
  return checkDomainValidation(req.request, { lookup, ports, timeoutMs: 2000 });
}

describe('file validation against a local web server', () => {
  it('passes when both http and https serve the content', async () => {
    const r = await file('good.example.jp');
    expect(r.ok).toBe(true);
    expect(r.looks.map((l) => l.code)).toEqual(['dv.ok', 'dv.ok']);
    expect(r.looks[0]!.where).toBe(`http://good.example.jp${FILE}`);
    expect(r.problems).toEqual([]);
  });

  it('accepts CRLF line ends, a BOM and a trailing newline (how Windows editors save it)', async () => {
    expect((await file('crlf.example.jp')).ok).toBe(true);
  });

  it('reports a 404 with the path and the case-sensitivity hint', async () => {
    const r = await file('missing.example.jp');
    expect(r.ok).toBe(false);
    expect(r.looks.map((l) => [l.code, l.found])).toEqual([
      ['dv.http.not-found', '404'],
      ['dv.http.not-found', '404'],
    ]);
    expect(r.problems[0]!.severity).toBe('error');
    expect(r.problems[0]!.message.en).toContain('upper/lower case');
  });

  it('reports wrong content with the first differing line', async () => {
    const r = await file('wrong.example.jp');
    expect(r.looks[0]).toMatchObject({
      code: 'dv.http.wrong-content',
      found: 'line 2: "comodoca.com" (expected "sectigo.com")',
    });
  });

  it('tells a CMS page apart from a wrong file', async () => {
    expect((await file('cms.example.jp')).looks[0]!.code).toBe('dv.http.html-page');
  });

  it('does not follow a redirect to another host and names where it goes', async () => {
    const r = await file('elsewhere.example.jp');
    expect(r.looks[0]).toMatchObject({
      code: 'dv.http.redirect-elsewhere',
      found: `https://www.other.example.net${FILE}`,
    });
    expect(r.problems[0]!.message.ja).toContain('別のホスト');
  });

  it('follows a redirect to https on the same host', async () => {
    const r = await file('tohttps.example.jp');
    expect(r.looks.map((l) => l.code)).toEqual(['dv.ok', 'dv.ok']);
  });

  it('passes on one scheme and warns about the other', async () => {
    const r = await file('httpsonly.example.jp');
    expect(r.ok).toBe(true);
    expect(r.problems.map((p) => [p.code, p.severity])).toEqual([['dv.http.status', 'warning']]);
    expect(r.problems[0]!.message.en).toContain('HTTP 403');
  });

  it('stops a redirect loop', async () => {
    expect((await file('loop.example.jp')).looks[0]!.code).toBe('dv.http.too-many-redirects');
  });

  it('reports a status other than 200 (basic auth on the folder)', async () => {
    expect((await file('auth.example.jp')).looks[0]).toMatchObject({ code: 'dv.http.status', found: '401' });
  });

  it('reports a site nothing listens on', async () => {
    const req = httpRequest('good.example.jp', 'X.txt', 'x');
    if (!req.ok) throw new Error(req.code);
    const closed = createHttp();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const r = await checkDomainValidation(req.request, { lookup, ports: { http: port, https: port } });
    expect(r.looks[0]).toMatchObject({ code: 'dv.http.unreachable', found: 'ECONNREFUSED' });
  });
});

describe('reading the file values', () => {
  it.each([
    ['1A2B.txt', '/.well-known/pki-validation/1A2B.txt'],
    ['/.well-known/pki-validation/1A2B.txt', '/.well-known/pki-validation/1A2B.txt'],
    ['http://www.example.jp/.well-known/pki-validation/1A2B.txt', '/.well-known/pki-validation/1A2B.txt'],
  ])('takes %s', (given, path) => {
    expect(httpRequest('WWW.Example.jp.', given, 'x')).toEqual({
      ok: true,
      request: { method: 'http', domain: 'www.example.jp', path, content: 'x' },
    });
  });

  it.each([
    ['*.example.jp', 'a.txt', 'x', 'dv.wildcard-file'],
    ['www.example.jp', '/var/www/a.txt', 'x', 'dv.file-path'],
    ['www.example.jp', 'http://other.example.jp/.well-known/pki-validation/a.txt', 'x', 'dv.file-host'],
    ['www.example.jp', 'a.txt', ' \n ', 'dv.file-content'],
    ['not a domain', 'a.txt', 'x', 'dv.domain'],
  ])('refuses %s %s', (domain, f, content, code) => {
    const r = httpRequest(domain, f, content);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message.ja).not.toBe('');
    }
  });

  it('refuses a DNS record name or value it cannot read', () => {
    expect(dnsRequest('cname', '_x', 'a.sectigo.com')).toMatchObject({ ok: false, code: 'dv.record-name' });
    expect(dnsRequest('cname', '_x.example.jp', '')).toMatchObject({ ok: false, code: 'dv.record-value' });
    expect(dnsRequest('txt', '_x.example.jp', '"abc"')).toEqual({
      ok: true,
      request: { method: 'txt', name: '_x.example.jp', value: 'abc' },
    });
  });
});

// ---- DNS --------------------------------------------------------------------------------------------

const { Packet } = dns2;
/** RFC 1035 section 4.1.1 (dns2's type declarations lack its RCODE table and the CD bit). */
const RCODE = { SERVFAIL: 2, NXDOMAIN: 3 } as const;
type Answer = ReturnType<typeof Packet.createResponseFromRequest>['answers'][number];
const CNAME_VALUE = '8f3b2c1d.0e9a8b7c.t0000000001.sectigo.com';

/** Appends an OPT record carrying an Extended DNS Error (RFC 8914) to a serialised response. */
function withEde(buf: Buffer, code: number, text: string): Buffer {
  const out = Buffer.from(buf);
  out.writeUInt16BE(out.readUInt16BE(10) + 1, 10);
  const data = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(text)]);
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(1232, 3);
  opt.writeUInt16BE(4 + data.length, 9);
  const head = Buffer.from([0, 15, data.length >> 8, data.length & 0xff]);
  return Buffer.concat([out, opt, head, data]);
}

let dnsServer: ReturnType<typeof dns2.createServer>;
let dnsAt = '';

beforeAll(async () => {
  dnsServer = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const res = Packet.createResponseFromRequest(request);
      const q = request.questions[0]!;
      const name = q.name.toLowerCase();
      const cname = (domain: string) =>
        res.answers.push({
          name: q.name,
          type: Packet.TYPE.CNAME,
          class: Packet.CLASS.IN,
          ttl: 60,
          domain,
        } as unknown as Answer);
      const txt = (data: string) =>
        res.answers.push({
          name: q.name,
          type: Packet.TYPE.TXT,
          class: Packet.CLASS.IN,
          ttl: 60,
          data,
        } as unknown as Answer);
      const isCname = q.type === Packet.TYPE.CNAME;
      const isTxt = q.type === Packet.TYPE.TXT;
      if (name === '_good.example.jp' && isCname) cname(CNAME_VALUE);
      else if (name === '_elsewhere.example.jp' && isCname) cname('old.validation.example.net');
      else if (name === '_typed-as-txt.example.jp' && isTxt) txt(CNAME_VALUE);
      else if (name === '_doubled.example.jp.example.jp' && isCname) cname(CNAME_VALUE);
      else if (name === '_txt.example.jp' && isTxt) {
        txt('google-site-verification=abc');
        txt('ca3-8f3b2c1d0e9a');
      } else if (name === '_txtwrong.example.jp' && isTxt) txt('ca3-000000');
      else if (name === '_bogus.example.jp') {
        res.header.rcode = RCODE.SERVFAIL;
        return send(withEde(res.toBuffer(), 6, 'signature over the CNAME does not verify'));
      } else if (name === '_expired.example.jp') {
        // No EDE: only a query with checking disabled answers, as a validating resolver does.
        if ((request.header as { cd?: number }).cd && isCname) cname(CNAME_VALUE);
        else res.header.rcode = RCODE.SERVFAIL;
      } else if (name === '_broken.example.jp') res.header.rcode = RCODE.SERVFAIL;
      else if (!name.startsWith('_typed-as-txt')) res.header.rcode = RCODE.NXDOMAIN;
      send(res);
    },
  });
  const addr = await dnsServer.listen({ udp: { port: 0, address: '127.0.0.1' } });
  dnsAt = `127.0.0.1:${(addr.udp as AddressInfo).port}`;
});

afterAll(async () => {
  await dnsServer.close();
});

async function record(type: 'cname' | 'txt', name: string, value: string) {
  const req = dnsRequest(type, name, value);
  if (!req.ok) throw new Error(req.code);
  return checkDomainValidation(req.request, { dnsServers: [dnsAt], timeoutMs: 1000 });
}

describe('DNS validation against a local DNS server', () => {
  it('passes a CNAME that points where the CA said (case and trailing dot aside)', async () => {
    const r = await record('cname', '_GOOD.example.jp.', `${CNAME_VALUE.toUpperCase()}.`);
    expect(r).toMatchObject({ ok: true, method: 'cname', problems: [] });
  });

  it('reports a CNAME pointing elsewhere, with where it points', async () => {
    const r = await record('cname', '_elsewhere.example.jp', CNAME_VALUE);
    expect(r.looks[0]).toMatchObject({
      code: 'dv.dns.points-elsewhere',
      found: 'old.validation.example.net',
    });
    expect(r.problems[0]!.message.en).toContain(CNAME_VALUE);
  });

  it('reports a missing record (NXDOMAIN)', async () => {
    expect((await record('cname', '_none.example.jp', CNAME_VALUE)).looks[0]!.code).toBe('dv.dns.missing');
  });

  it('finds the record a DNS panel doubled the zone on', async () => {
    const r = await record('cname', '_doubled.example.jp', CNAME_VALUE);
    expect(r.looks[0]).toMatchObject({
      code: 'dv.dns.doubled-name',
      found: '_doubled.example.jp.example.jp',
    });
  });

  it('says when the name holds a TXT record where a CNAME was asked for', async () => {
    const r = await record('cname', '_typed-as-txt.example.jp', CNAME_VALUE);
    expect(r.looks[0]).toMatchObject({ code: 'dv.dns.no-record', found: 'TXT' });
  });

  it('passes a TXT value among other TXT records, and reports a wrong one', async () => {
    expect((await record('txt', '_txt.example.jp', 'ca3-8f3b2c1d0e9a')).ok).toBe(true);
    const r = await record('txt', '_txtwrong.example.jp', 'ca3-8f3b2c1d0e9a');
    expect(r.looks[0]).toMatchObject({ code: 'dv.dns.wrong-value', found: 'ca3-000000' });
  });

  it('reports a DNSSEC failure the resolver names in an Extended DNS Error', async () => {
    const r = await record('cname', '_bogus.example.jp', CNAME_VALUE);
    expect(r.looks[0]).toMatchObject({
      code: 'dv.dns.dnssec-failed',
      found: 'DNSSEC Bogus: signature over the CNAME does not verify',
    });
    expect(r.problems[0]!.message.ja).toContain('DNSSEC');
  });

  it('reports a DNSSEC failure when only a checking-disabled query answers', async () => {
    expect((await record('cname', '_expired.example.jp', CNAME_VALUE)).looks[0]!.code).toBe(
      'dv.dns.dnssec-failed',
    );
  });

  it('reports a plain SERVFAIL as a server problem, not DNSSEC', async () => {
    expect((await record('cname', '_broken.example.jp', CNAME_VALUE)).looks[0]!.code).toBe('dv.dns.servfail');
  });
});
