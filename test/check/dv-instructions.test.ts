import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readDvInstructions } from '../../src/check/dv-instructions.js';
import { parseMessage } from '../../src/mail/parse-message.js';

const mail = async (name: string) =>
  (await parseMessage(await readFile(new URL(`../fixtures/check/${name}`, import.meta.url)))).text;

describe('reading file and DNS validation values from a CA mail', () => {
  it("reads Sectigo's HTTP-based DCV mail (quoted-printable): the file and its three lines", async () => {
    expect(readDvInstructions(await mail('sectigo-dcv-http.eml'))).toEqual([
      {
        method: 'http',
        domain: 'www.example.co.jp',
        path: '/.well-known/pki-validation/7F0A1B2C3D4E5F60718293A4B5C6D7E8.txt',
        content: 'C4F1A9E2B37D6085F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6E5F4A3B2C\nsectigo.com\nt4kf93hd02',
      },
    ]);
  });

  it("reads Sectigo's CNAME-based DCV mail, trailing dots dropped", async () => {
    expect(readDvInstructions(await mail('sectigo-dcv-cname.eml'))).toEqual([
      {
        method: 'cname',
        name: '_7f0a1b2c3d4e5f60718293a4b5c6d7e8.example.co.jp',
        value: 'c4f1a9e2b37d6085f1e2d3c4b5a69788.796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c.t4kf93hd02.sectigo.com',
      },
    ]);
  });

  it('reads the values pasted from a forward, quote marks and all', () => {
    const pasted = [
      '> http://shop.example.jp/.well-known/pki-validation/ABCDEF0123456789ABCDEF0123456789.txt',
      '> ',
      '> C4F1A9E2B37D6085F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6E5F4A3B2C',
      '> comodoca.com',
    ].join('\r\n');
    expect(readDvInstructions(pasted)).toEqual([
      {
        method: 'http',
        domain: 'shop.example.jp',
        path: '/.well-known/pki-validation/ABCDEF0123456789ABCDEF0123456789.txt',
        content: 'C4F1A9E2B37D6085F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6E5F4A3B2C\ncomodoca.com',
      },
    ]);
  });

  it('reads a TXT record given with labels (Japanese)', () => {
    const text = 'DNS TXTレコードを追加してください。\nホスト名: _dnsauth.example.jp\n値: "ca3-8f3b2c1d0e9a"';
    expect(readDvInstructions(text)).toEqual([
      { method: 'txt', name: '_dnsauth.example.jp', value: 'ca3-8f3b2c1d0e9a' },
    ]);
  });

  it('returns nothing for two different files, a file without its content, or an email-DCV mail', () => {
    const two =
      'http://a.example.jp/.well-known/pki-validation/A.txt\nhttp://a.example.jp/.well-known/pki-validation/B.txt\n' +
      'C4F1A9E2B37D6085F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6E5F4A3B2C\nsectigo.com';
    expect(readDvInstructions(two)).toEqual([]);
    expect(readDvInstructions('http://a.example.jp/.well-known/pki-validation/A.txt')).toEqual([]);
    expect(readDvInstructions('enter the following "validation code": Xp7Kq2Lm9Rt4Vw')).toEqual([]);
  });
});
