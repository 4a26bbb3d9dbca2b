import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const flowFixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/flow/${name}`, import.meta.url), 'utf8').trimEnd();

/**
 * Runs the real bot as a separate process, as `npm start` does, with answers piped on stdin. On the
 * memory store unless `env` names another: each transcript starts fresh, and parallel runs do not meet
 * on the default SQLite file.
 */
export function runConsole(args: string[], lines: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/evssl-bot.js', ...args], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, STORE: 'memory', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Steps 3-4's answers in order, as an applicant types them (organisation through the DUNS phone). */
export const REGISTRANT = [
  'Example Trading Co., Ltd.',
  '123456789',
  'Taro Yamada',
  'President',
  '1000001',
  'JP',
  '東京都',
  'Chiyoda-ku',
  '1-1-1 Marunouchi',
  '03-1234-5678',
  'スキップ',
  'taro@example.co.jp',
  '1',
  'Example Trading Co., Ltd.',
  '1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0001',
  '03-1234-5678',
];
