import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { runConsole } from '../../src/console/console-channel.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';

const csr = readFileSync(new URL('../fixtures/flow/good.csr', import.meta.url), 'utf8');

async function session(interactive: boolean, feed: (input: PassThrough) => Promise<void>) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const services = {
    store: new MemoryApplicationStore(),
    deps: engineDeps,
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
  };
  const done = runConsole(services, {
    input,
    output,
    lang: 'en',
    interactive,
    flow: 'acquire',
    pasteWindowMs: 30,
  });
  await feed(input);
  input.end();
  await done;
  return out;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runConsole', () => {
  it('on a terminal, takes lines pasted together as one answer and prompts', async () => {
    const out = await session(true, async (input) => {
      for (const a of ['yes', 'yes', '1', 'opened']) {
        input.write(`${a}\n`);
        await pause(80);
      }
      // A CSR pasted with a blank line in the middle and no BEGIN/END on its own lines handling needed.
      input.write(csr.replace('\n', '\n\n'));
      await pause(150);
    });
    expect(out).toContain('> ');
    expect(out).toContain('CSR checked');
    expect(out).not.toContain('✖');
  });

  it('stops on "exit" without an error', async () => {
    const out = await session(false, async (input) => {
      input.write('help\nexit\nyes\n');
    });
    expect(out).toContain('You can say at any time');
    expect(out).not.toContain('Does your organisation have a D-U-N-S number?\n\n✖');
  });
});
