import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/section.js';
import { NtaLookupError } from '../../src/corpnum/nta-client.js';
import { CtSourceError } from '../../src/ct/certspotter-source.js';
import { CodedError, codeOf, ERROR_HINTS } from '../../src/errors.js';
import { StoreUnavailableError } from '../../src/store/store-errors.js';
import { cycles, importGraph, sourceFiles } from './import-graph.js';

const root = join(import.meta.dirname, '../..');
const src = join(root, 'src');
const files = sourceFiles(src);

describe('import cycles', () => {
  const found = cycles(importGraph(root, files));

  it('none among src/ files (src/flow included: shared turn types live in flow/turn.ts, facts in flow/facts.ts)', () => {
    expect(found).toEqual([]);
  });
});

describe('file size', () => {
  it('no src/ file over 350 lines (a newcomer reads one idea per file)', () => {
    const long = files
      .map((f) => ({ f: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 350);
    expect(long).toEqual([]);
  });
});

describe('coded errors', () => {
  it('every code has a hint saying what to do', () => {
    for (const [code, hint] of Object.entries(ERROR_HINTS)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(hint.length, code).toBeGreaterThan(10);
    }
  });

  it('every error class in src/ is a CodedError (a Node-style timeout aside)', () => {
    const bare: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/class (\w+) extends (Error|TypeError)\b/g))
        bare.push(`${relative(root, file)}:${m[1]}`);
    }
    expect(bare.sort()).toEqual([
      'src/bot/lean-fetch.ts:FetchRedirectError',
      'src/bot/lean-fetch.ts:FetchTimeoutError',
      'src/errors.ts:CodedError',
    ]);
  });

  it('no bare `throw new Error` outside the pure engine (its throws are broken invariants, not operator errors)', () => {
    const bare = files
      .filter((f) => !relative(src, f).startsWith('flow/'))
      .flatMap((f) => (readFileSync(f, 'utf8').includes('throw new Error(') ? [relative(root, f)] : []));
    expect(bare).toEqual(['src/bot/deliver.ts', 'src/store/redis-keys.ts']);
  });

  it("instances carry their code, hint and class name; codeOf reads ours and libraries'", () => {
    const config = new ConfigError(['REDIS_URL: not a URL']);
    expect(config).toBeInstanceOf(CodedError);
    expect(config.code).toBe('config_invalid');
    expect(config.hint).toBe(ERROR_HINTS.config_invalid);
    expect(config.name).toBe('ConfigError');
    expect(new StoreUnavailableError(false).hint).toBe(ERROR_HINTS.store_unavailable);
    expect(new StoreUnavailableError('unknown', 'other').hint).toBe('other');
    expect(new NtaLookupError('timeout').code).toBe('nta_timeout');
    expect(new CtSourceError('rate-limited', 429).code).toBe('ct_rate_limited');
    expect(codeOf(config)).toBe('config_invalid');
    expect(codeOf(Object.assign(new Error('x'), { data: { error: 'not_authed' } }))).toBe('not_authed');
    expect(codeOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(codeOf(new TypeError('secret text'))).toBe('TypeError');
    expect(codeOf(null)).toBe('error');
    expect(codeOf('a string')).toBe('error');
  });
});
