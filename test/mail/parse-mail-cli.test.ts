import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { parseMailCommand } from '../../src/cli/parse-mail.js';
import { fixturePath, rawFixture } from './fixtures.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function io(input?: Buffer) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    read: async (path) => (path === '-' ? (input ?? Buffer.alloc(0)) : rawFixture(path.split('/').at(-1)!)),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { value, out, err };
}

describe('evssl-bot parse-mail', () => {
  it('exits 2 with a JSON error for a mail of 1,001 MIME parts (the parser refuses it), no stack trace', async () => {
    const parts = Array.from(
      { length: 1001 },
      (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
    );
    const mail = Buffer.from(
      `From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${parts.join('')}--b--\r\n`,
    );
    const { value, out, err } = io(mail);
    expect(await parseMailCommand(['-'], value)).toBe(2);
    expect(JSON.parse(out.join(''))).toMatchObject({ ok: false, error: { code: 'mail_unparseable' } });
    expect(err.join('')).not.toMatch(/\bat \S+ \(/);
  });

  it('prints the public JSON shape for a Japanese Outlook reply', async () => {
    const { value, out } = io();
    expect(await parseMailCommand(['outlook-ja-reply.eml'], value)).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(Object.keys(json)).toEqual([
      'kind',
      'from',
      'subject',
      'messageId',
      'inReplyTo',
      'references',
      'replyText',
      'fields',
      'attachments',
    ]);
    expect(json).toMatchObject({
      kind: 'applicant-reply',
      subject: 'RE: [EV SSL A1B2C3] 役職を教えてください',
      fields: { title: 'President' },
    });
  });

  it('exits 2 with the usage on a missing argument or an unreadable file', async () => {
    const a = io();
    expect(await parseMailCommand([], a.value)).toBe(2);
    expect(a.err.join('')).toContain('Usage: evssl-bot parse-mail');
    const b = io();
    b.value.read = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    };
    expect(await parseMailCommand(['missing.eml'], b.value)).toBe(2);
  });

  it('reads standard input with "-", as a spawned process', () => {
    const r = spawnSync(process.execPath, ['bin/evssl-bot.js', 'parse-mail', '-'], {
      cwd: root,
      input: rawFixture('docomo-sjis-reply.eml'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'applicant-reply',
      from: 'yamada-taro.0123@docomo.ne.jp',
      replyText: 'ﾀｲﾄﾙはPresidentです。①の件は了解しました。㈱さくら商事',
    });
    expect(fixturePath('docomo-sjis-reply.eml').pathname).toContain('fixtures/mail');
  });
});
