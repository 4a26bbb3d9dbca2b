import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../fixtures/cert/', import.meta.url));

/** A fixture made by scripts/make-cert-fixtures.sh, as text (or bytes for `.der`). */
export function fixture(name: string): string {
  return readFileSync(`${DIR}${name}`, 'utf8');
}

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(`${DIR}${name}`);
}

export const fixturePath = (name: string): string => `${DIR}${name}`;

export const ORG = { organizationName: 'Sakura Shoji Co., Ltd.', countryCode: 'JP' };
