import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const csr = readFileSync(new URL('../fixtures/flow/good.csr', import.meta.url), 'utf8').trimEnd();

describe('a CA mail pasted into the console (spawned bot, one answer per line)', () => {
  it('is shown with its URL and code, not trusted, and the step waits for the applicant’s own "done"', () => {
    const url = 'https://secure.sectigo.com/products/EVClickThrough?orderNumber=1234567';
    const pasted = `Before we can process this request we must obtain a signed EV Subscriber Agreement. Verification Code: ${CODES.agreement} ${url}`;
    const r = spawnSync(process.execPath, ['bin/evssl-bot.js'], {
      cwd: root,
      input: `${[
        '取得',
        'はい',
        '確認しました',
        '1',
        '開きました',
        csr,
        'Example Trading Co., Ltd.',
        '123456789',
        'Taro Yamada',
        'President',
        '1000001',
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
        'パネルで申請しました',
        pasted,
        '状況',
      ].join('\n')}\n`,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory' },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const after = r.stdout.slice(r.stdout.lastIndexOf('パネルで申請しました'));
    expect(after).toContain(CODES.agreement);
    expect(after).toContain(url);
    expect(after).toContain('送信元を確認できない');
    // Still at step 5: the pasted mail advanced nothing.
    expect(after.slice(after.lastIndexOf('進捗'))).toMatch(/▶ 5\. オンライン認証/);
  });
});
