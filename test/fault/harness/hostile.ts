import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRANT_FIELDS } from '../../../src/flow/types.js';

/**
 * Seeded hostile inputs: real files (the .eml and CSR fixtures, written by the named clients and
 * openssl) mutated the ways input goes wrong in the wild — truncated, bytes flipped, a wrong charset
 * declared, nested absurdly deep, headers of megabytes, `null` and wrong JSON types. Each generator takes
 * the seeded random source so a failure replays with the same FAULT_SEED.
 */
export type Random = () => number;

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

function files(dir: string, ext: RegExp): Buffer[] {
  const path = join(FIXTURES, dir);
  return readdirSync(path)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => readFileSync(join(path, f)));
}

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Random, n: number) => Math.floor(r() * n);

/** The same bytes with a few flipped, cut, duplicated or replaced by NUL/high bytes. */
export function mutate(r: Random, input: Buffer): Buffer {
  const out = Buffer.from(input);
  const edits = 1 + int(r, 8);
  let b = out;
  for (let i = 0; i < edits && b.length > 0; i += 1) {
    const at = int(r, b.length);
    switch (int(r, 5)) {
      case 0:
        b[at] = int(r, 256);
        break;
      case 1:
        b = b.subarray(0, at);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + int(r, 400)), b.subarray(at)]);
        break;
      case 3:
        b[at] = pick(r, [0x00, 0xff, 0x1b, 0x80, 0xfe]);
        break;
      default:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + int(r, 64))]);
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------------
// Mail

let mailSeeds: Buffer[] | undefined;
function mailSeedFiles(): Buffer[] {
  mailSeeds ??= [...files('mail', /\.eml$/), ...files('camail', /\.eml$/)];
  return mailSeeds;
}

const CHARSETS = [
  'iso-2022-jp',
  'shift_jis',
  'euc-jp',
  'utf-7',
  'x-unknown',
  'utf-16',
  '',
  'utf-8"',
  '\u0000',
];

function multipartDeep(depth: number): string {
  let body = 'text/plain body';
  for (let i = depth; i > 0; i -= 1) {
    body = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${body}\r\n--b${i}--\r\n`;
  }
  return `From: a@example.jp\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n${body}`;
}

function multipartWide(parts: number): string {
  const one = '--w\r\nContent-Type: text/plain\r\n\r\nx\r\n';
  return `From: a@example.jp\r\nSubject: wide\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n${one.repeat(parts)}--w--\r\n`;
}

/** One hostile mail: a mutated fixture most of the time, else a message built to hit a parser limit. */
export function hostileMail(r: Random): Buffer {
  const seed = pick(r, mailSeedFiles());
  // The parser-limit cases are costly to parse: one input in twenty each.
  switch (int(r, 20)) {
    case 0:
      return Buffer.from(multipartDeep(20 + int(r, r() < 0.2 ? 400 : 60)));
    case 1:
      return Buffer.from(multipartWide(r() < 0.5 ? 995 + int(r, 12) : 1 + int(r, 300)));
    case 2: {
      // A header block of megabytes: a Subject of thousands of folded encoded words.
      const words = Array.from({ length: 1000 + int(r, 30000) }, () => '=?UTF-8?B?5pel5pys?=').join('\r\n ');
      return Buffer.from(`From: a@example.jp\r\nSubject: ${words}\r\n\r\nbody\r\n`);
    }
    case 3: {
      const text = seed.toString('latin1');
      return Buffer.from(text.replace(/charset="?[\w-]+"?/gi, `charset="${pick(r, CHARSETS)}"`), 'latin1');
    }
    case 4:
      return Buffer.concat([seed.subarray(0, int(r, seed.length)), Buffer.from('\r\n--')]);
    case 5:
      return Buffer.from(
        `From: ${'<'.repeat(int(r, 5000))}\r\nTo: ${'a@b,'.repeat(int(r, 5000))}\r\nMessage-ID: <${'x'.repeat(int(r, 100_000))}>\r\n\r\n`,
      );
    case 6:
      return Buffer.from(
        `From: a@example.jp\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n${'@@@@!!'.repeat(int(r, 50_000))}\r\n`,
      );
    case 7:
      return Buffer.alloc(int(r, 4096), int(r, 256));
    case 8:
      return Buffer.from(
        seed.toString('latin1').replace(/\r?\n\r?\n/, `\r\n${'X-Junk: '.repeat(int(r, 3000))}\r\n\r\n`),
        'latin1',
      );
    case 9:
      return Buffer.concat([
        seed.subarray(0, int(r, 400)),
        Buffer.from([0x1b, 0x24, 0x42]),
        seed.subarray(400),
      ]);
    default:
      return mutate(r, seed);
  }
}

// ---------------------------------------------------------------------------------------------------
// CSRs and certificates

let certSeeds: { csr: Buffer[]; cert: Buffer[] } | undefined;
function certSeedFiles() {
  certSeeds ??= {
    csr: files('cert', /\.(csr|der|txt)$/),
    cert: files('cert', /(certificate|key).*\.pem$/),
  };
  return certSeeds;
}

/** DER: a SEQUENCE nested `depth` levels (length bytes in the long form where needed). */
function derDeep(depth: number): Buffer {
  let inner = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < depth; i += 1) {
    const n = inner.length;
    const len =
      n < 0x80
        ? Buffer.from([n])
        : n < 0x100
          ? Buffer.from([0x81, n])
          : n < 0x10000
            ? Buffer.from([0x82, n >> 8, n & 0xff])
            : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
    inner = Buffer.concat([Buffer.from([0x30]), len, inner]);
  }
  return inner;
}

const pem = (label: string, der: Buffer) =>
  Buffer.from(
    `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`,
  );

/** One hostile CSR or certificate input (PEM, DER, pasted text). */
export function hostileCertInput(r: Random, kind: 'csr' | 'cert'): Buffer {
  const seeds = certSeedFiles();
  const seed = pick(r, kind === 'csr' ? seeds.csr : [...seeds.cert, ...seeds.csr]);
  const label = kind === 'csr' ? 'CERTIFICATE REQUEST' : 'CERTIFICATE';
  switch (int(r, 10)) {
    case 0:
      return pem(label, derDeep(100 + int(r, 5000)));
    case 1:
      return derDeep(100 + int(r, 5000));
    case 2: {
      // An absurd DER length: "4 GiB follows".
      return pem(label, Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x00]));
    }
    case 3: {
      const b64 = seed.toString('latin1').replace(/[A-Za-z0-9+/]/g, (c) => (r() < 0.02 ? '!' : c));
      return Buffer.from(b64, 'latin1');
    }
    case 4:
      return Buffer.from(`-----BEGIN ${label}-----\n${'A'.repeat(int(r, 2_000_000))}\n`);
    case 5:
      return Buffer.concat([seed, seed, Buffer.from('\u0000\u001b[2J')]);
    default:
      return mutate(r, seed);
  }
}

// ---------------------------------------------------------------------------------------------------
// Values for `validate`

/** Every field the CLI validates, and one it does not know. */
const FIELDS = [...REGISTRANT_FIELDS, 'noSuchField'];

/** `validate FIELD VALUE …` arguments: hostile values and options. */
export function hostileValidateArgs(r: Random): string[] {
  const field = pick(r, FIELDS);
  const values = [
    '',
    '\u0000',
    '\u001b[2J\u001b[31mred',
    'x'.repeat(int(r, 200_000)),
    '０３−１２３４−５６７８',
    '+81 3-1234-5678'.repeat(int(r, 50)),
    '👨‍👩‍👧‍👦'.repeat(int(r, 100)),
    '\ud800',
    'a@'.repeat(int(r, 1000)),
    'admin@tokyo.jp',
    '株式会社テスト',
    '{"a":null}',
    String(r()),
  ];
  const args = [field, pick(r, values)];
  if (r() < 0.3) args.push('--domain', pick(r, values));
  if (r() < 0.2) args.push('--country', pick(r, ['JP', 'XX', '', 'jp', '\u0000']));
  if (r() < 0.2) args.push('--lang', pick(r, ['ja', 'en', 'fr', '']));
  if (r() < 0.05) args.push('--');
  return args;
}

// ---------------------------------------------------------------------------------------------------
// Slack request bodies (signed correctly: the hostility is in what they say)

export interface HostileBody {
  body: Buffer;
  contentType: string;
}

function deepJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

const WRONG: unknown[] = [null, 0, -1, 1e308, true, '', 'x'.repeat(5000), [], {}, [null], { a: null }];

/** One hostile Slack body: `null`, wrong types where objects belong, deep nesting, truncation, bad bytes. */
export function hostileSlackBody(r: Random, n: number): HostileBody {
  const json = (v: unknown) => ({ body: Buffer.from(JSON.stringify(v)), contentType: 'application/json' });
  const form = (fields: Record<string, string>) => ({
    body: Buffer.from(new URLSearchParams(fields).toString()),
    contentType: 'application/x-www-form-urlencoded',
  });
  const wrong = () => pick(r, WRONG);
  const user = `UFZ${n % 50}`;
  const validEvent = {
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvFZ${n}`,
    event_time: 1,
    event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text: 'help', ts: `${n}.0001` },
  };
  switch (int(r, 16)) {
    case 0:
      return json(null);
    case 1:
      return form({ payload: 'null' });
    case 2:
      return json(wrong());
    case 3:
      return { body: Buffer.from(deepJson(1 + int(r, 100_000))), contentType: 'application/json' };
    case 4:
      return json({ ...validEvent, event: wrong() });
    case 5:
      return json({ ...validEvent, event: { ...validEvent.event, text: wrong(), user: wrong() } });
    case 6:
      return json({ ...validEvent, event: { ...validEvent.event, channel: wrong(), ts: wrong() } });
    case 7: {
      const full = Buffer.from(JSON.stringify(validEvent));
      return { body: full.subarray(0, int(r, full.length)), contentType: 'application/json' };
    }
    case 8:
      return form({
        payload: JSON.stringify({
          type: 'block_actions',
          user: pick(r, [{ id: user }, null, 'x']),
          team: { id: 'T1' },
          actions: pick(r, [null, [], [null], [{ action_id: wrong(), value: wrong() }], 'x']),
          channel: wrong(),
          container: wrong(),
          trigger_id: wrong(),
        }),
      });
    case 9:
      return form({
        payload: JSON.stringify({
          type: 'view_submission',
          user: { id: user },
          team: { id: 'T1' },
          view: pick(r, [null, {}, { callback_id: 'registrant', state: wrong(), private_metadata: wrong() }]),
        }),
      });
    case 10:
      return form({
        command: pick(r, ['/evssl', '/other', '']),
        text: pick(r, [
          '',
          'acquire',
          'x'.repeat(int(r, 40_000)),
          '\u0000',
          'certs add \u001b[2J 2026-13-45',
        ]),
        user_id: pick(r, [user, '', 'null']),
        team_id: 'T1',
        channel_id: pick(r, [`D${user}`, '', 'C\u0000']),
        trigger_id: 't',
        response_url: 'http://127.0.0.1:9/respond/x',
      });
    case 11:
      // Bytes that are not UTF-8 (Shift_JIS for 取得) in a JSON string.
      return {
        body: Buffer.concat([
          Buffer.from('{"type":"event_callback","event":{"type":"message","text":"'),
          Buffer.from([0x8e, 0xe6, 0x93, 0xbe, 0xff]),
          Buffer.from('"}}'),
        ]),
        contentType: 'application/json; charset=shift_jis',
      };
    case 12:
      return json({
        type: pick(r, ['url_verification', 'ssl_check', 'app_rate_limited', wrong()]),
        challenge: wrong(),
      });
    case 13:
      return form({ payload: deepJson(1 + int(r, 50_000)) });
    case 14:
      return { body: mutate(r, Buffer.from(JSON.stringify(validEvent))), contentType: 'application/json' };
    default:
      return json({
        ...validEvent,
        event: {
          ...validEvent.event,
          text: pick(r, ['取得', 'はい', 'acquire', '\u0000', 'x'.repeat(int(r, 39_000)), '<!channel> *_~']),
          ...(r() < 0.3 ? { subtype: pick(r, ['bot_message', 'message_changed', 'file_share', 'x']) } : {}),
          ...(r() < 0.3 ? { thread_ts: wrong() } : {}),
          ...(r() < 0.2 ? { blocks: wrong(), files: wrong() } : {}),
        },
      });
  }
}
