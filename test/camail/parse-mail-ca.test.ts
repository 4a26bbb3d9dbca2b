import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { parseMailCommand } from '../../src/cli/parse-mail.js';
import { CODES, camailFixture, ORDER } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function parseMail(file: string): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const io: CliIo = { read: async (p) => camailFixture(p), out: (t) => out.push(t), err: () => {} };
  expect(await parseMailCommand([file], io)).toBe(0);
  return JSON.parse(out.join(''));
}

describe('evssl-bot parse-mail on CA mails', () => {
  it.each([
    ['cloudsecure-approval-ja-jis.eml', 'approval-request', CODES.approval, true, 'sender-domain'],
    ['sectigo-dcv-qp.eml', 'dcv', CODES.dcv, true, 'dmarc=pass'],
    ['attached-rfc822-agreement.eml', 'subscriber-agreement', CODES.agreement, true, 'dmarc=pass'],
    ['cloudsecure-callback-ja.eml', 'callback', null, true, 'dmarc=pass'],
    ['cloudsecure-documents-rejected-en.eml', 'documents', null, true, 'dmarc=pass'],
    ['xserver-issued-ja.eml', 'certificate-issued', null, true, 'dmarc=pass'],
    ['forged-lookalike-sectigo.eml', 'subscriber-agreement', CODES.agreement, false, 'lookalike-sender'],
  ])('%s → %s', async (file, kind, code, trusted, reason) => {
    const json = await parseMail(file);
    expect(Object.keys(json).slice(0, 7)).toEqual([
      'kind',
      'verificationCode',
      'url',
      'orderNumber',
      'domain',
      'trusted',
      'trustReason',
    ]);
    expect(json).toMatchObject({ kind, verificationCode: code, trusted, trustReason: reason });
    expect(json.orderNumber === null || json.orderNumber === ORDER).toBe(true);
  });

  it('describes the forwarded CA mail, and the outer mail’s own fields stay as they are', async () => {
    const json = await parseMail('outlook-forward-dcv-ja.eml');
    expect(json).toMatchObject({
      kind: 'dcv',
      url: 'https://secure.sectigo.com/products/EnterpriseDCV?orderNumber=1234567&dcvCode=start&lang=en',
      domain: 'www.example.co.jp',
      trusted: true,
      trustReason: 'forwarded-sender',
      from: 'taro@example.co.jp',
      attachments: [],
    });
  });

  it('runs as the real command (bin/evssl-bot.js)', () => {
    const r = spawnSync(
      'node',
      ['bin/evssl-bot.js', 'parse-mail', 'test/fixtures/camail/sectigo-agreement-html-qp.eml'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'subscriber-agreement',
      url: `https://secure.sectigo.com/products/EVClickThrough?orderNumber=${ORDER}&subscriberAgreement=1`,
      verificationCode: CODES.agreement,
    });
  });
});
