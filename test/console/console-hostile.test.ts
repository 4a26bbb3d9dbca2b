import { describe, expect, it, vi } from 'vitest';
import { flowFixture, runConsole } from './spawn-console.js';

// Each test starts the real process (~1-3 s, more on a loaded 2-core machine).
vi.setConfig({ testTimeout: 120_000 });

describe('hostile text typed into the console (issue 14 item 14)', () => {
  it('quotes a 10 KB line back cut to 80 characters, and never writes an ESC sequence to the terminal', () => {
    const long = 'x'.repeat(10 * 1024);
    const { code, out, err } = runConsole(
      ['--lang', 'en', '--flow', 'acquire'],
      [
        'yes',
        'yes',
        '1',
        'opened',
        flowFixture('good.csr'),
        'Example Trading Co., Ltd.',
        long,
        '12\x1b[2J34',
        'Example\x1b[31m Trading',
        '123456789',
      ],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    // The DUNS error quotes what was typed: the first 79 characters and an ellipsis, not 10 KB.
    expect(out).toContain(`You entered "${'x'.repeat(79)}…"`);
    expect(out).not.toContain('x'.repeat(81));
    expect(out.length).toBeLessThan(long.length);
    // No control character but newline and tab reaches the terminal (the ESC is dropped, the rest shown).
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(out).toContain('You entered "12[2J34"');
    expect(out).toContain('You entered "Example[31m Trading"');
    // The DUNS number typed after all that is still taken: the next question is the applicant's name.
    expect(out.trimEnd()).toMatch(/What is the applicant's name\?[^\n]*$/);
  });
});
