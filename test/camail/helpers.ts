import { readFileSync } from 'node:fs';
import type { MailWithEmbedded } from '../../src/camail/recognise-ca-mail.js';
import type { CaMailFacts } from '../../src/flow/ca-mail.js';
import type { Application } from '../../src/flow/state.js';
import type { FlowKind, Lang } from '../../src/flow/types.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { Conversation, REGISTRANT, throughCsr } from '../flow/helpers.js';

export const CODES = { dcv: 'Xp7Kq2Lm9Rt4Vw', agreement: 'aB3dE5gH7jK9mN', approval: 'CS8h2K4m6P' };
export const ORDER = '1234567';
export const DOMAIN = 'www.example.co.jp';

export const camailFixture = (name: string) =>
  readFileSync(new URL(`../fixtures/camail/${name}`, import.meta.url));

/** Parses a fixture as the email channel does (attached messages parsed too). */
export function parseCaFixture(name: string): Promise<MailWithEmbedded> {
  return parseMessage(camailFixture(name));
}

/** A conversation at step 4's review with matching DUNS data: the next thing is "submitted in the panel". */
export function atReview(flow: FlowKind = 'acquire', lang: Lang = 'ja'): Conversation {
  const c = new Conversation(flow, lang);
  throughCsr(c);
  for (const value of Object.values(REGISTRANT)) c.say(value);
  if (flow === 'acquire') {
    c.say(REGISTRANT.organizationName);
    c.say('1-1-1 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001');
    c.say(REGISTRANT.phone);
  }
  if (c.question.id !== 'review') throw new Error(`not at review: ${c.question.id}`);
  return c;
}

export const facts = (over: Partial<CaMailFacts> & Pick<CaMailFacts, 'kind'>): CaMailFacts => ({
  trusted: true,
  trustReason: 'dmarc=pass',
  senderDomain: 'sectigo.com',
  orderNumber: ORDER,
  domain: DOMAIN,
  ...over,
});

export function openQuestion(app: Application): string | undefined {
  return [
    'review',
    'wait.verification',
    'wait.agreement',
    'wait.documents',
    'wait.callback',
    'wait.issuance',
  ].find((id) => app.answers[id] === undefined);
}
