import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DataKey, parseDataKeys } from './data-keys.js';

/**
 * The data keys of the embedded store without DATA_KEYS: one generated key kept in the data folder
 * (mode 0600), so a console bot encrypts at rest with no setup. `generated`: written just now.
 */
export function keyFileKeys(dataDir: string): { keys: DataKey[]; file: string; generated: boolean } {
  const file = join(dataDir, 'data-keys');
  if (existsSync(file))
    return { keys: parseDataKeys(readFileSync(file, 'utf8').trim()), file, generated: false };
  mkdirSync(dataDir, { recursive: true });
  const kid = `k${Date.now().toString(36)}`;
  writeFileSync(file, `${kid}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { keys: parseDataKeys(readFileSync(file, 'utf8').trim()), file, generated: true };
}
