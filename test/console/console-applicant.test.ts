import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { flowFixture, REGISTRANT, runConsole } from './spawn-console.js';

// Each test starts the real process several times (~1-3 s each, more on a loaded 2-core machine).
vi.setConfig({ testTimeout: 180_000 });

/** Transcripts of what a new applicant types, through the real console process (`npm start`). */
describe('the console, driven as a new applicant would', () => {
  it('takes the number shown beside every option, in Japanese, through to issuance', () => {
    const { code, out, err } = runConsole(
      [],
      ['1', 'はい', 'はい', '1', '1', flowFixture('good.csr'), ...REGISTRANT, '1', '1', '1', '1', '1', '1'],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).not.toContain('選択肢から選んでください');
    expect(out).toContain('【9/9】');
    expect(out).toContain('手続きは完了です');
    // 終了 at a waiting step answers it; it does not leave.
    expect(out).not.toContain('コンソールを終了しますか');
  });

  it('says where applications are kept and asks before exit leaves an in-memory application', () => {
    const { code, out } = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      ['yes', 'yes', '1', 'exit', '2', 'opened', 'quit', 'yes', 'status'],
    );
    expect(code).toBe(0);
    expect(out.indexOf('Applications are kept in memory')).toBeLessThan(out.indexOf('Starting an EV SSL'));
    expect(out).toContain('Leave the console? The application is kept in memory and is lost when you leave.');
    expect(out).toContain('Carrying on.');
    // "opened" after "no" still answers step 2; "status" after leaving is never read.
    expect(out).toContain('【3/9】');
    expect(out.trimEnd().endsWith('Goodbye.')).toBe(true);
  });

  it('takes the number at the waiting steps and in the yes/no of cancel, and reads ううん as no', () => {
    const { out } = runConsole(
      ['--lang', 'en', '--flow', 'renew'],
      ['yes', '1', '1', 'cancel', 'ううん', 'cancel', '2', 'restart', '1'],
    );
    expect(out).not.toContain('Please pick one of the choices');
    expect(out).not.toContain('Please answer "yes" or "no"');
    expect(out.match(/OK, carrying on\./g)?.length).toBe(2);
    expect(out).toContain('Starting over.');
  });
});

const certificate = readFileSync(
  new URL('../fixtures/cert/certificate.pem', import.meta.url),
  'utf8',
).trimEnd();

describe('the console after issuance', () => {
  it('checks a pasted certificate, shows every step done, and starts the next renewal carrying over the organisation', () => {
    const { code, out, err } = runConsole(
      ['--lang', 'en'],
      [
        'acquire',
        'yes',
        'yes',
        '1',
        'opened',
        flowFixture('good.csr'),
        ...REGISTRANT,
        'submitted',
        'done',
        'done',
        'done',
        'done',
        'issued',
        certificate,
        'status',
        'summary',
        'help',
        'renew',
      ],
      // What an operator who keeps less after issuance sees (the default keeps the registrant fields
      // for a reissue): the removed values are said to be removed, not "not yet entered".
      {
        RETENTION_ISSUED_KEEP:
          'id,flow,lang,status,members,certificate,csr,fields.organizationName,fields.duns',
      },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const after = out.slice(out.indexOf('all done'));
    expect(after).toContain('does not match the CSR of this application');
    expect(after).not.toMatch(/▶/);
    expect(after).toContain('(removed after issuance)');
    expect(after).toContain('renew (start the next renewal)');
    expect(after).toContain('Starting an EV SSL renewal');
    expect(after).toMatch(
      /Carried over from the previous application[^\n]*\n[\s\S]*Example Trading Co\., Ltd\./,
    );
    expect(after).toContain('【1/8】');
    expect(after).not.toContain('I will remind you');
  });
});

describe('the console: registrant names', () => {
  it('reads a family name in capitals as the surname, strips honorifics, and says how it read them', () => {
    const upTo = [
      'yes',
      'yes',
      '1',
      'opened',
      flowFixture('good.csr'),
      'Example Trading Co., Ltd.',
      '123456789',
    ];
    const caps = runConsole(['--lang', 'en', '--flow', 'acquire'], [...upTo, 'YAMADA Taro', 'summary']);
    expect(caps.out).toContain('Name: saved as Taro Yamada.');
    expect(caps.out).toContain(
      'I read the given name (FirstName) as "Taro" and the family name (Surname) as "Yamada"',
    );
    expect(caps.out).toMatch(/FirstName\s+Taro\n/);
    expect(caps.out).toMatch(/Surname\s+Yamada\n/);
    const mr = runConsole(['--lang', 'en', '--flow', 'acquire'], [...upTo, 'Mr. Taro Yamada', 'summary']);
    expect(mr.out).toMatch(/FirstName\s+Taro\n/);
    expect(mr.out).not.toContain('Mr.');
  });
});

const cert = (name: string) =>
  readFileSync(new URL(`../fixtures/cert/${name}`, import.meta.url), 'utf8').trimEnd();

describe('the console: steps 1, 3 and 7 say what the procedure asks', () => {
  it('says the articles need the certification of the original when chosen, and again at step 7', () => {
    const { out } = runConsole(
      [],
      ['取得', 'はい', 'はい', '1', '1', flowFixture('good.csr'), ...REGISTRANT, '1', '1', '1'],
    );
    const chosen = out.indexOf('定款を提出する場合は、定款の最終項目に代表取締役名義での原本証明');
    expect(chosen).toBeGreaterThan(0);
    expect(chosen).toBeLessThan(out.indexOf('【2/9】'));
    const step7 = out.slice(out.indexOf('【7/9】'));
    expect(step7).toContain('代表取締役名義の原本証明');
  });

  it('tells the applicant to paste the CSR into the 取得申請 form and continue to the registrant form', () => {
    const { out } = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      ['yes', 'yes', '2', 'opened', flowFixture('good.csr')],
    );
    const accepted = out.slice(out.indexOf('CSR checked'));
    expect(accepted).toContain('Paste this CSR into the CSR box of the panel’s 取得申請 form');
    expect(accepted).toContain('登録者情報入力画面へ進む');
  });

  it('suggests an openssl command with placeholders, never invented values', () => {
    const { out } = runConsole(['--lang', 'en', '--flow', 'acquire'], ['yes', 'yes', '2', 'opened']);
    const prompt = out.slice(out.indexOf('【3/9】'));
    expect(prompt).not.toContain('ST=Tokyo');
    expect(prompt).not.toContain('Chiyoda-ku');
    expect(prompt).toContain('/ST=YOUR-PREFECTURE/L=YOUR-CITY/O=YOUR-ORGANIZATION-NAME/');
    expect(prompt).toContain('replace each YOUR-… part');
  });

  it('offers the ways out of a CSR whose O differs from the organisation: correct the name or a new CSR', () => {
    const { out } = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      ['yes', 'yes', '2', 'opened', cert('other-org.csr'), ...REGISTRANT, '1', 'Momiji Trading Inc.'],
    );
    const review = out.slice(out.indexOf('does not match the organisation applying'));
    expect(review).toMatch(/1\) Correct the organisation name typed here\n\s+2\) Paste a new CSR/);
    expect(review).toContain('O=Example Trading Co., Ltd./CN=www.sakura-shoji.co.jp');
    const after = review.slice(review.indexOf('2) Paste a new CSR'));
    expect(after).toContain('What is the organization name?');
    expect(after.slice(after.indexOf('Momiji'))).not.toContain('does not match the organisation applying');
  });
});

describe('the console: command words are never data', () => {
  it('while editing the address, a bare 修正 or edit asks which field and 次へ is refused, none stored', () => {
    const { out } = runConsole(
      [],
      [
        '取得',
        'はい',
        'はい',
        '1',
        '1',
        flowFixture('good.csr'),
        ...REGISTRANT,
        '修正 住所',
        '修正',
        'edit',
        '次へ',
        'まとめ',
      ],
    );
    expect(out).not.toContain('住所: edit で登録しました');
    expect(out).not.toContain('住所: 修正 で登録しました');
    expect(out.match(/どの項目を直しますか？/g)?.length).toBe(2);
    expect(out).toContain('「次へ」は操作の言葉のため、住所としては登録していません');
    const summary = out.slice(out.lastIndexOf('== 申請内容のまとめ =='));
    expect(summary).toMatch(/住所\s+1-1-1 Marunouchi\n/);
  });
});

describe('the console: approval addresses', () => {
  it('never offers or accepts an address at a public suffix (www.example.tokyo.jp)', () => {
    const c = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      ['yes', 'yes', '2', 'opened', cert('tokyo-jp.csr'), ...REGISTRANT.slice(0, 12), 'admin@tokyo.jp', '6'],
    );
    expect(c.out).toContain('admin@example.tokyo.jp');
    expect(c.out).not.toMatch(/\) admin@tokyo\.jp/);
    const refused = c.out.indexOf('"admin@tokyo.jp" cannot be the approval address');
    expect(refused).toBeGreaterThan(0);
    // The error names the five names and the domains once; the numbered list follows it, not inside it.
    const error = c.out.slice(refused, c.out.indexOf('\n', refused));
    expect(error).toContain(
      'admin, administrator, webmaster, hostmaster or postmaster at www.example.tokyo.jp or example.tokyo.jp',
    );
    expect(error).not.toContain('postmaster@');
    // "6" (admin@example.tokyo.jp) is taken: the next question is the DUNS record.
    expect(c.out.slice(refused)).toMatch(/DUNS/);
  });
});
