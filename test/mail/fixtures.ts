import { readFileSync } from 'node:fs';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';

export const fixturePath = (name: string) => new URL(`../fixtures/mail/${name}`, import.meta.url);

/** Reads a fixture .eml (scripts/make-mail-fixtures.mjs writes them). */
export function rawFixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

export function parseFixture(name: string): Promise<ParsedMail> {
  return parseMessage(rawFixture(name), { keepAttachment: (a) => a.contentType === 'application/pdf' });
}
