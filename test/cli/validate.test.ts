import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { validateCommand } from '../../src/cli/validate.js';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { read: async () => Buffer.alloc(0), out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await validateCommand(args, io);
  return { code, json: out.length ? JSON.parse(out.join('')) : undefined, err: err.join('') };
}

describe('evssl-bot validate (public JSON contract)', () => {
  it.each([
    [['duns', '１２-３４５-６７８９'], '123456789'],
    [['postalCode', '１００－０００１'], '1000001'],
    [['prefecture', 'tokyo-to'], 'Tokyo'],
    [['approvalEmail', 'admin', '--domain', 'example.co.jp'], 'admin@example.co.jp'],
    [['countryCode', 'jp'], 'JP'],
  ])('%j → ok with the normalised value', async (args, value) => {
    const r = await run(args);
    expect(r).toMatchObject({ code: 0, json: { ok: true, value } });
    expect(Object.keys(r.json)).toEqual(['ok', 'value']);
  });

  it.each([
    [['phone', '０３（１２３４）５６７８'], '+81312345678', '03-1234-5678'],
    [['fax', '06-6123-4567'], '+81661234567', '06-6123-4567'],
    [['phone', '+1 650 253 0000', '--country', 'US'], '+16502530000', '+1 650 253 0000'],
    [['fax', 'skip'], '', ''],
  ])('%j → the E.164 value, and beside it the panel form the bot shows', async (args, value, display) => {
    const r = await run(args);
    expect(r).toMatchObject({ code: 0, json: { ok: true, value, display } });
    expect(Object.keys(r.json)).toEqual(['ok', 'value', 'display']);
  });

  it('accepts a mobile number for the phone with a warning beside it (the callback goes to the DUNS phone)', async () => {
    const r = await run(['phone', '090-1234-5678']);
    expect(r).toMatchObject({
      code: 0,
      json: { ok: true, value: '+819012345678', display: '090-1234-5678' },
    });
    expect(r.json.warning).toMatchObject({
      code: expect.any(String),
      message: expect.stringMatching(/mobile/i),
    });
  });

  it('prints a coded error and exits 1 for a bad value', async () => {
    const r = await run(['duns', '1234']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(Object.keys(r.json.error)).toEqual(['code', 'message']);
    expect(r.json.error.code).toMatch(/^duns\./);
  });

  it('speaks Japanese with --lang ja', async () => {
    const r = await run(['organizationName', '株式会社サンプル', '--lang', 'ja']);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toMatch(/[ぁ-んァ-ン]/);
  });

  it('uses --country for postal codes outside Japan', async () => {
    expect((await run(['postalCode', 'sw1a 1aa', '--country', 'GB'])).json).toEqual({
      ok: true,
      value: 'SW1A 1AA',
    });
  });

  it('refuses the applicant’s own name as the title with --name (accepted without it: no name known)', async () => {
    const withName = await run(['title', 'YAMADA Taro', '--name', 'Taro Yamada']);
    expect(withName).toMatchObject({ code: 1, json: { ok: false, error: { code: 'title.isName' } } });
    expect((await run(['title', 'President', '--name', 'Taro Yamada'])).json).toEqual({
      ok: true,
      value: 'President',
    });
  });

  it('exits 2 with usage for an unknown field or missing value', async () => {
    expect((await run(['shoeSize', '42'])).code).toBe(2);
    expect((await run(['duns'])).code).toBe(2);
    expect((await run(['duns', '1', '--bogus'])).code).toBe(2);
  });
});
