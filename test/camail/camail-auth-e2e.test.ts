import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { createCaMailRecogniser } from '../../src/camail/mail-recogniser.js';
import { currentQuestion } from '../../src/flow/progress.js';
import { createLogger } from '../../src/log/logger.js';
import { createMailChannel, type MailChannel } from '../../src/mail/mail-channel.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { type ParsedMail, parseMessage } from '../../src/mail/parse-message.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { rawFixture } from '../mail/fixtures.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';
import { mailConfig } from '../support/mail-config.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';
import { atReview, CODES, camailFixture } from './helpers.js';

/**
 * How the bot judges CA mails' Authentication-Results, through the real email channel (Dovecot IMAP,
 * SMTP capture) with the strict setting of production (CA_MAIL_REQUIRE_AUTH): a forged CA mail is
 * reported, a genuine one reached through the approval address's forwarding is applied, one without any
 * result is shown and never applied, and one without a Message-ID delivered twice is applied once.
 */
const APPLICANT = 'taro@example.co.jp';
const REF = 'C2B001';
const store = new MemoryApplicationStore();
const state = new MemoryMailState();
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let channel: MailChannel;
type Outcome = { action: string; reason?: string; kind?: string };
const outcomes: Outcome[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await startSmtp();
  const { config, settings } = mailConfig(dovecot, smtp, {
    MAIL_ALLOWED_DOMAINS: 'example.co.jp',
    CA_MAIL_REQUIRE_AUTH: 'true',
  });
  expect(config.camail.requireAuth).toBe(true);
  channel = createMailChannel({
    settings,
    services: { store, deps: engineDeps, clock: () => new Date(), logger: createLogger({ level: 'silent' }) },
    state,
    watcher: { minBackoffMs: 20, maxBackoffMs: 200 },
    // As startMailChannel wires it from the configuration.
    handler: {
      recognisers: [
        createCaMailRecogniser({
          domains: config.camail.senderDomains,
          requireAuth: config.camail.requireAuth,
        }),
      ],
    },
  });
  channel.events.on('mail', (o: Outcome) => outcomes.push(o));
  // An application submitted in the panel (step 4 done), waiting for CloudSecure's approval mail.
  const c = atReview();
  c.say('パネルで申請しました');
  expect(c.question.id).toBe('wait.verification');
  const app = { ...structuredClone(c.app), id: REF, members: [{ channel: 'email' as const, id: APPLICANT }] };
  expect(await store.save({ app, expectedVersion: 0 })).toMatchObject({ status: 'saved' });
});
afterAll(async () => {
  await channel?.stop();
  await smtp?.stop();
  await dovecot?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deliver(raw: Buffer, from: string): Promise<Outcome> {
  const before = outcomes.length;
  await dovecot.deliver(raw, 'bot@example.test', from);
  for (let i = 0; outcomes.length <= before; i++) {
    if (i > 400) throw new Error('no outcome');
    await sleep(25);
  }
  return outcomes[before]!;
}

/** Every mail the SMTP server accepted so far, after the outbox was flushed. */
async function mailed(): Promise<ParsedMail[]> {
  await channel.sender.flush();
  return Promise.all(smtp.messages.map((m) => parseMessage(m.raw)));
}
const at = async () => currentQuestion((await store.load(REF))!.app)?.id;

describe('CA mails and their Authentication-Results (strict)', () => {
  it('reports a CA mail whose DMARC failed to the applicant as suspicious, and applies nothing', async () => {
    const outcome = await deliver(camailFixture('forged-dmarc-fail-sectigo.eml'), 'bounce@sectigo.com');
    expect(outcome).toMatchObject({ action: 'claimed', kind: 'dcv' });
    const [notice] = await mailed();
    expect(notice?.to.map((a) => a.address)).toEqual([APPLICANT]);
    expect(notice?.text).toContain('なりすまし');
    expect(notice?.text).toContain('dmarc=fail');
    expect(notice?.text).not.toContain(CODES.dcv);
    expect(await at()).toBe('wait.verification');
  });

  it('applies Sectigo’s agreement mail forwarded by the approval address: SPF fails, DKIM and DMARC pass', async () => {
    const outcome = await deliver(
      rawFixture('ca-sectigo-agreement-forwarded-spf-fail.eml'),
      'admin@example.co.jp',
    );
    expect(outcome).toMatchObject({ action: 'claimed', kind: 'subscriber-agreement' });
    const list = await mailed();
    expect(list).toHaveLength(2);
    expect(list[1]!.text).toContain(CODES.agreement);
    // A notice answers no mail of the applicant's: RFC 3834 auto-generated, from the bot by name.
    expect(list[1]!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(list[1]!.from).toEqual({ address: 'bot@example.test', name: 'EV SSL Bot' });
    expect(await at()).toBe('wait.agreement');
  });

  it('shows a forged "issued" notice that carries no Authentication-Results, and never applies it', async () => {
    // The applicant accepts the agreement, sends the documents and waits for the callback (step 8).
    const stored = (await store.load(REF))!;
    const app = structuredClone(stored.app);
    for (const q of ['wait.agreement', 'wait.documents']) app.answers[q] = new Date().toISOString();
    await store.save({ app, expectedVersion: stored.version });
    expect(await at()).toBe('wait.callback');

    const outcome = await deliver(
      rawFixture('ca-xserver-issued-forged-no-auth.eml'),
      'attacker@evil.example',
    );
    expect(outcome).toMatchObject({ action: 'claimed', kind: 'certificate-issued' });
    const list = await mailed();
    expect(list).toHaveLength(3);
    expect(list[2]!.text).toContain('なりすまし');
    expect(list[2]!.text).toContain('auth-absent');
    expect(await at()).toBe('wait.callback');
  });

  it('applies a genuine notice without a Message-ID once, though it is delivered twice', async () => {
    const raw = rawFixture('ca-xserver-issued-no-message-id.eml');
    expect(await deliver(raw, 'bounce@xserver.ne.jp')).toMatchObject({ action: 'claimed' });
    expect(await at()).toBe('wait.issuance');
    expect(await deliver(raw, 'bounce@xserver.ne.jp')).toMatchObject({ action: 'claimed' });
    const list = await mailed();
    expect(list).toHaveLength(4);
    expect(list[3]!.text).toContain('証明書ダウンロード');
  });
});
