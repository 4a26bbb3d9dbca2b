// npm run bench:start — whole-process start times, median of 10 runs each, beside `node -e 0` measured
// in the same run (the floor no Node program goes below): the console's first prompt through
// bin/evssl-bot.js (what `npm start` runs, without npm's own ~0.3 s) and through `npm start` itself,
// and one `evssl-bot validate` call. Targets (2 cores): first prompt ≤ 0.8 s, validate ≤ 0.5 s.
// Uses dist/ when it is built (`npm run build`), as `npm start` does; says which.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };

/** ms from spawn until `until` (first stdout bytes, or exit), the process killed after. */
function once(cmd: string, args: string[], until: 'output' | 'exit'): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(performance.now() - started);
    };
    child.on('error', reject);
    child.stdout.once('data', () => {
      if (until !== 'output') return;
      finish();
      child.kill('SIGKILL');
    });
    child.stdout.resume();
    child.once('exit', (code) => {
      if (until === 'exit') finish();
      else if (!done) reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before writing`));
    });
  });
}

async function median(cmd: string, args: string[], until: 'output' | 'exit'): Promise<number> {
  await once(cmd, args, until); // warm the file cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once(cmd, args, until));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const node = process.execPath;
const built = existsSync('dist/main.js');
const baseline = await median(node, ['-e', '0'], 'exit');
const prompt = await median(node, ['bin/evssl-bot.js'], 'output');
const npmStart = await median('npm', ['start', '--silent'], 'output');
const validate = await median(node, ['bin/evssl-bot.js', 'validate', 'duns', '123456789'], 'exit');
const row = (name: string, ms: number, target?: number) =>
  `${name.padEnd(34)} ${(ms / 1000).toFixed(3)} s  ${(ms / baseline).toFixed(1)}x node -e 0${
    target ? `  (target ≤ ${target} s: ${ms <= target * 1000 ? 'met' : 'MISSED'})` : ''
  }`;
console.log(`start times, median of ${RUNS}, running ${built ? 'dist/ (compiled)' : 'src/ through tsx'}`);
console.log(row('node -e 0', baseline));
console.log(row('console first prompt (bin)', prompt, 0.8));
console.log(row('npm start → first prompt', npmStart, 0.8));
console.log(row('evssl-bot validate duns …', validate, 0.5));
