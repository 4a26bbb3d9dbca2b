import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDay } from '../../src/flow/reissue-rules.js';
import { Certificates, DOMAIN } from '../flow/reissue-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DAY = 86_400_000;

/** Runs the real bot as a separate process, as `npm start` does, with answers piped on stdin. */
function runBot(args: string[], lines: string[]) {
  const r = spawnSync(process.execPath, ['bin/evssl-bot.js', ...args], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory' },
    timeout: 90_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const REGISTRANT = [
  'Sakura Shoji Co., Ltd.',
  '123456789',
  'Hanako Sato',
  'President',
  '100-0001',
  'JP',
  '東京',
  'Chiyoda-ku',
  '1-1-1 Marunouchi',
  '03-1234-5678',
  'スキップ',
  'hanako@sakura-shoji.co.jp',
  '1',
];

let certs: Certificates;
beforeAll(() => {
  certs = new Certificates();
});
afterAll(() => certs.dispose());

// The console process runs on the real clock: certificates are made around today.
const yesterday = () => new Date(Date.now() - DAY).toISOString();
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe('the reissue flow through the console, as a spawned process', () => {
  it('issues, takes the contract end, then reissues the same application with a new key', () => {
    const oldCsr = certs.csr('c-old').trimEnd();
    const oldCert = certs.cert('c-old', yesterday(), 199).trimEnd();
    const newCsr = certs.csr('c-new').trimEnd();
    const newFrom = yesterday();
    const newCert = certs.cert('c-new', newFrom, 199).trimEnd();
    const contractEnd = day(300);
    const { code, out, err } = runBot(
      [],
      [
        '取得',
        'はい',
        '確認しました',
        '1',
        '開きました',
        oldCsr,
        ...REGISTRANT,
        'Sakura Shoji Co., Ltd.',
        '1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0001',
        '03-1234-5678',
        'パネルで申請しました',
        '完了',
        '完了',
        '完了',
        '完了',
        oldCert,
        contractEnd,
        '状況',
        '再発行',
        '開きました',
        oldCsr,
        newCsr,
        'はい',
        'パネルで申請しました',
        '完了',
        newCert,
        '状況',
      ],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    // The contract end, asked once after issuance, and the next step it implies.
    expect(out).toContain('契約期間の終了日を教えてください');
    expect(out).toContain(`契約期間の終了日: ${contractEnd}`);
    expect(out).toMatch(/次は契約期間内の「再発行」/);
    // Reissue: data carried over, said up front that no documents or callback are needed.
    expect(out).toContain('の再発行を始めます');
    expect(out).toContain('書類提出と電話確認は不要です');
    expect(out).toContain('「再発行」（再発行）ボタン');
    expect(out).toContain('同じ鍵（公開鍵）です');
    expect(out).toContain('登録者情報は前回の申請から引き継ぎました');
    expect(out).toContain('【4/7】オンライン認証');
    expect(out).toContain('【7/7】再発行手続き完了');
    expect(out).not.toContain('【5/7】');
    expect(out).toContain(DOMAIN);
    // The final status: the new certificate's expiry beside the contract end.
    expect(out).toContain(`証明書の有効期限: ${tokyoDay(new Date(Date.parse(newFrom) + 199 * DAY))}`);
  });

  it('starts a fresh reissue in English and refuses a contract that is over', () => {
    const { code, out, err } = runBot(
      ['--lang', 'en'],
      ['reissue', '1 year', day(-3), day(200), 'not known', 'not at hand', 'opened', 'status'],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Starting an EV SSL reissue');
    expect(out).toContain('end date shown in the panel');
    expect(out).toContain(`The contract ended on ${day(-3)}`);
    expect(out).toContain(`Contract end saved: ${day(200)}`);
    expect(out).toContain('assume the documents and the callback come again');
    expect(out).toContain('I cannot check the key changed');
    expect(out).toContain('Paste the new CSR');
    expect(out).toMatch(/Contract ends: \d{4}-\d{2}-\d{2}/);
  });
});
