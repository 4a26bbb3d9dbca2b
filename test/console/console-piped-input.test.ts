import { describe, expect, it, vi } from 'vitest';
import { flowFixture, runConsole } from './spawn-console.js';

// Each test starts the real process (~1-3 s, more on a loaded 2-core machine).
vi.setConfig({ testTimeout: 120_000 });

const START = ['yes', 'yes', '1', 'opened'];

describe('piped input to the console (issue 14 item 13)', () => {
  it('ends a PEM block with no END line at the first line that cannot be PEM, and answers that line', () => {
    const csr = flowFixture('good.csr').split('\n');
    const truncated = csr.slice(0, 5);
    const { code, out, err } = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      [...START, ...truncated, 'status', ...csr],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('The CSR is cut short');
    // `status` is answered, not swallowed into the block.
    expect(out).toContain('== Progress');
    expect(out.indexOf('The CSR is cut short')).toBeLessThan(out.indexOf('== Progress'));
    // The whole CSR pasted afterwards is still gathered as one answer.
    expect(out).toContain('CSR checked');
  });
});
