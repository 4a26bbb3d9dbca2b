import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataKeys } from '../../src/store/data-keys.js';
import { SqliteApplicationStore } from '../../src/store/sqlite-store.js';
import { sampleApp } from './contract.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'evssl-sqlite-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const env = (dataDir: string) => ({ PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir });

/** A bot left running: the console, its stdin kept open, started once it has greeted. */
async function startBot(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/evssl-bot.js', '--lang', 'en'], {
    cwd: root,
    env: env(dataDir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
  });
  return child;
}

describe('one process holds a SQLite database', () => {
  it('a second bot on the same file refuses to start, with a clear message; a SIGKILLed holder frees it', async () => {
    const data = join(dir, 'two');
    const first = await startBot(data);
    const second = spawnSync(process.execPath, ['bin/evssl-bot.js', '--lang', 'en'], {
      cwd: root,
      env: env(data),
      input: 'acquire\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(
      `the database ${join(data, 'evssl-bot.db')} is in use by another evssl-bot process`,
    );
    expect(second.stderr).not.toMatch(/\bat .*\.[jt]s:\d+/);
    expect(second.stdout).toBe('');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // No stale lock: the operating system dropped it with the process.
    const third = await startBot(data);
    third.stdin!.end();
    expect(await new Promise((r) => third.once('exit', r))).toBe(0);
  });

  it('a command beside the holder reads and writes the file without taking its lock', async () => {
    const keys = new DataKeys([{ kid: 'k1', key: Buffer.alloc(32, 7) }]);
    const path = join(dir, 'beside.db');
    const bot = new SqliteApplicationStore({ path, keys });
    const tool = new SqliteApplicationStore({ path, keys, hold: false });
    const app = sampleApp();
    await tool.save({ app, expectedVersion: 0, bind: ['console:x'] });
    expect((await bot.loadForTurn('console:x')).stored?.version).toBe(1);
    await bot.save({ app, expectedVersion: 1 });
    expect((await tool.load(app.id))?.version).toBe(2);
    await tool.close();
    expect(() => new SqliteApplicationStore({ path, keys })).toThrow(/in use by another evssl-bot process/);
    await bot.close();
  });
});
