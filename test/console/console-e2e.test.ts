import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const csr = (name: string) =>
  readFileSync(new URL(`../fixtures/flow/${name}`, import.meta.url), 'utf8').trimEnd();

/** Runs the real bot as a separate process, as `npm start` does, with answers piped on stdin. */
function runBot(args: string[], lines: string[]) {
  const r = spawnSync(process.execPath, ['bin/evssl-bot.js', ...args], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the console channel, as a spawned process', () => {
  it('carries a whole acquire application from the flow choice to issuance, in Japanese', () => {
    const { code, out, err } = runBot(
      [],
      [
        '取得',
        'はい',
        '確認しました',
        '1',
        '開きました',
        csr('good.csr'),
        'Example Trading Co., Ltd.',
        '１２－３４５－６７８９',
        'Taro Yamada',
        'President',
        '〒100-0001',
        'JP',
        '東京',
        'Chiyoda-ku',
        '1-1-1 Marunouchi, Example Bldg. 5F',
        '03-1234-5678',
        'スキップ',
        'taro@example.co.jp',
        '1',
        'Example Trading Co.,Ltd.',
        '1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001',
        '+81 3-1234-5678',
        'まとめ',
        'パネルで申請しました',
        '完了',
        '完了',
        '完了',
        '完了',
        '発行された',
      ],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('取得申請と更新申請のどちらですか');
    expect(out).toContain('【3/9】CSRの入力');
    expect(out).toContain('123456789');
    expect(out).toMatch(/Contact Phone No\s+03-1234-5678/);
    expect(out).toContain('evdocs@cloudsecure.co.jp');
    expect(out).toContain('【9/9】');
    expect(out).toContain('手続きは完了です');
    expect(out).not.toContain('✖');
  });

  it('carries a renewal through its 8 steps in English, with --lang en', () => {
    const { code, out } = runBot(
      ['--lang', 'en'],
      [
        'renew',
        'yes',
        'opinion letter',
        'opened',
        csr('renew.csr'),
        'Naniwa Shoji K.K.',
        '987654321',
        'Hanako Suzuki',
        'General Manager',
        '530-0001',
        'Japan',
        'Osaka-fu',
        'Kita-ku',
        '2-2-2 Umeda, Naniwa Bldg. 3F',
        '06-6123-4567',
        '06-6123-4568',
        'hanako@naniwa.jp',
        'webmaster@shop.naniwa.jp',
        'submitted',
        'done',
        'done',
        'done',
        'done',
        'issued',
      ],
    );
    expect(code).toBe(0);
    expect(out).toContain('[3/8]'.replace('[', '【').replace(']', '】'));
    expect(out).not.toContain('DUNS record');
    expect(out).toContain('【8/8】');
    expect(out).toContain('all done');
    expect(out).not.toContain('✖');
  });

  it('explains a bad answer and recovers without a stack trace', () => {
    const { code, out, err } = runBot(
      ['--flow', 'acquire', '--lang', 'en'],
      ['yes', 'yes', '1', 'opened', 'not a csr'],
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('✖');
    expect(out).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('stops with a message naming the variable when configuration is bad', () => {
    const r = spawnSync(process.execPath, ['bin/evssl-bot.js'], {
      cwd: root,
      input: '',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, REDIS_URL: 'http://nope' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('REDIS_URL');
    expect(r.stderr).toContain('Fix:');
  });
});
