import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeNta, TOYOTA } from '../corpnum/fake-nta.js';
import { flowFixture } from './spawn-console.js';

// The corporate number through the real console process, looked up in a local stand-in for the NTA
// Web-API (its tests were at engine level only). Asynchronous: the fake answers while the bot runs.
const root = fileURLToPath(new URL('../..', import.meta.url));
const nta = new FakeNta([TOYOTA]);
let url: string;
beforeAll(async () => {
  url = await nta.start();
});
afterAll(() => nta.stop());

/** The real console process with answers typed in two goes: `pause` holds the rest until the NTA was asked. */
function console_(
  lines: string[],
  env: Record<string, string>,
  pause?: { after: number; until: () => boolean },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/evssl-bot.js', '--lang', 'en', '--flow', 'acquire'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory', ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    const first = pause ? lines.slice(0, pause.after) : lines;
    child.stdin.write(`${first.join('\n')}\n`);
    if (!pause) {
      child.stdin.end();
      return;
    }
    const wait = setInterval(() => {
      if (!pause.until()) return;
      clearInterval(wait);
      // The registry's answer is cached in the bot by now: a person types the next answers later.
      setTimeout(() => child.stdin.end(`${lines.slice(pause.after).join('\n')}\n`), 200);
    }, 20);
  });
}

describe('the console: the corporate number (CORPORATE_NUMBER=ask, NTA_APP_ID)', () => {
  it('asks it in step 1, looks it up in the NTA registry and suggests the registered postal code', async () => {
    const { code, out } = await console_(
      [
        'yes',
        'checked',
        '1',
        TOYOTA.corporateNumber,
        'opened',
        flowFixture('good.csr'),
        'Toyota Motor Corporation',
        '123456789',
        'Taro Yamada',
        'President',
      ],
      { CORPORATE_NUMBER: 'ask', NTA_APP_ID: 'test-app-id', NTA_API_URL: url },
      { after: 4, until: () => nta.requests.length > 0 },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/corporate number/i);
    expect(out).toContain(`Looking up corporate number ${TOYOTA.corporateNumber}`);
    expect(out).toContain('For reference (NTA registry): 471-8571');
    expect(out).toContain('not guaranteed by the National Tax Agency');
    expect(nta.requests.map((u) => u.searchParams.get('number'))).toEqual([TOYOTA.corporateNumber]);
  });

  it('is not asked when the deployment does not offer it (the default)', async () => {
    const { out } = await console_(['yes', 'checked', '1'], {});
    expect(out).not.toMatch(/corporate number/i);
  });
});
