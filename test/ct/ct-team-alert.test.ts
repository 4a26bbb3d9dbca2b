import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import type { CtIssuance } from '../../src/ct/ct-source.js';
import { ctAlerter } from '../../src/ct/start-ct.js';
import { createLogger } from '../../src/log/logger.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { createNotifier } from '../../src/remind/notifier.js';
import type { Team } from '../../src/remind/types.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { FakeSlack } from '../bot/fake-slack.js';
import { type SmtpCapture, startSmtp } from '../support/smtp.js';

// A certificate nobody applied for, alerted to the team that tracks the domain: its Slack channel and
// its email list, through the real notifier over HTTP and SMTP (tested at the watch's port only before).
let slack: FakeSlack;
let smtp: SmtpCapture;
beforeAll(async () => {
  slack = await new FakeSlack().start();
  smtp = await startSmtp();
});
afterAll(async () => {
  await slack.close();
  await smtp.stop();
});

const services = () => ({
  store: new MemoryApplicationStore(),
  deps: engineDeps,
  clock: () => new Date(),
  logger: createLogger({ level: 'silent' }),
});

const issuance: CtIssuance = {
  id: '9001',
  tbsSha256: 'ab'.repeat(32),
  pubkeySha256: 'cd'.repeat(32),
  dnsNames: ['www.example.co.jp', 'example.co.jp'],
  issuer: 'C=US, O=Let’s Encrypt, CN=R11',
  issuerCaaDomains: ['letsencrypt.org'],
  notBefore: '2026-11-30T00:00:00Z',
  notAfter: '2027-02-28T00:00:00Z',
};

describe('a CT alert for a tracked domain', () => {
  it('reaches the team’s Slack channel and email list, in the team’s language', async () => {
    const team: Team = {
      id: 'web',
      lang: 'en',
      slackChannel: 'C0WEB',
      emails: ['ops@example.co.jp', 'it@example.co.jp'],
    };
    const notifier = createNotifier({
      slackToken: 'xoxb-test',
      slackApiUrl: slack.url,
      smtpUrl: smtp.url,
      from: 'bot@example.test',
    });
    const alert = ctAlerter({
      services: services(),
      reminders: { registry: { getTeam: async (id: string) => (id === 'web' ? team : null) } as never },
      notifier,
      lang: 'ja',
    });
    const delivered = await alert({ issuance, domain: { domain: 'www.example.co.jp', team: 'web' } });
    await notifier.close();
    expect(delivered).toBe(true);
    const [post] = slack.of('chat.postMessage');
    expect(post?.args.channel).toBe('C0WEB');
    expect(String(post?.args.text)).toContain('www.example.co.jp');
    expect(String(post?.args.text)).toContain('Let’s Encrypt');
    const mail = await parseMessage((await smtp.nth(1)).raw);
    expect(smtp.messages[0]!.to).toEqual(['ops@example.co.jp', 'it@example.co.jp']);
    expect(mail.text).toContain('www.example.co.jp');
    expect(mail.text).not.toMatch(/[\u3040-\u30ff]/); // the team's language, not the deployment's
  });

  it('is not delivered (false) when the team has neither a channel nor an address and no application covers it', async () => {
    const alert = ctAlerter({
      services: services(),
      reminders: { registry: { getTeam: async () => ({ id: 'x', lang: 'ja', emails: [] }) } as never },
      notifier: createNotifier({}),
      lang: 'ja',
    });
    expect(await alert({ issuance, domain: { domain: 'www.example.co.jp', team: 'x' } })).toBe(false);
  });
});
