import { afterEach, describe, expect, it } from 'vitest';
import { slackNotify } from '../../src/camail/notify-slack.js';
import { routeCaMail } from '../../src/camail/route-ca-mail.js';
import { currentQuestion } from '../../src/flow/progress.js';
import { type Harness, readable, startBot } from '../bot/harness.js';
import { nextTs } from '../bot/signed-requests.js';
import { SlackDriver } from '../bot/slack-driver.js';
import { atReview, CODES, facts } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const AGREE_URL =
  'https://secure.sectigo.com/products/EVClickThrough?orderNumber=1234567&subscriberAgreement=1';

/** An application of Slack user U1 in thread `ts` of channel C1, at step 4's review (steps 1-4: test/bot). */
async function seedSlackApplication(): Promise<string> {
  const ts = nextTs();
  const app = {
    ...structuredClone(atReview().app),
    id: 'SLK001',
    members: [{ channel: 'slack' as const, id: 'T1:U1' }],
  };
  await h.store.save({ app, expectedVersion: 0, bind: [`slack:T1:C1:${ts}`] });
  return ts;
}

const inThread = (ts: string, text: string) => ({
  type: 'message',
  channel: 'C1',
  channel_type: 'channel',
  user: 'U1',
  text,
  ts: nextTs(),
  thread_ts: ts,
  team: 'T1',
});

describe('CA mails for an application that lives in Slack (real Bolt app, fake Web API)', () => {
  it('carries it from step 5 to issuance: CA mails advance it and the applicant hears by DM', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const ts = await seedSlackApplication();
    const deps = { services: h.services, notify: slackNotify(h.bot.app.client) };

    const [dm] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(
        deps,
        facts({
          kind: 'dcv',
          url: 'https://secure.sectigo.com/products/EnterpriseDCV?orderNumber=1234567',
          verificationCode: CODES.dcv,
        }),
        {
          eventId: 'camail:<dcv@sectigo.com>',
        },
      ),
    );
    expect(dm!.args.channel).toBe('U1');
    expect(readable(dm!.args)).toContain(CODES.dcv);
    expect(readable(dm!.args)).toContain('SLK001');
    // No buttons in the DM: they would act on the DM's conversation, not this application.
    expect(JSON.stringify(dm!.args.blocks)).not.toContain('"actions"');

    const [agreement] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(
        deps,
        facts({ kind: 'subscriber-agreement', url: AGREE_URL, verificationCode: CODES.agreement }),
      ),
    );
    expect(readable(agreement!.args)).toContain(CODES.agreement);
    expect(readable(agreement!.args)).toMatch(/FirstName[\s\S]*Taro/);
    let app = (await h.store.load('SLK001'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.agreement');
    expect(app.ca?.approvalCode).toBeUndefined();

    // The applicant answers in the application's thread as usual.
    const [afterDone] = await slack.expectCalls('chat.postMessage', () => slack.event(inThread(ts, '完了')));
    expect(afterDone!.args.thread_ts).toBe(ts);
    app = (await h.store.load('SLK001'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.documents');
    expect(app.ca?.agreementCode).toBeUndefined();

    await slack.expectCalls('chat.postMessage', () => routeCaMail(deps, facts({ kind: 'callback' })));
    const [issued] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(deps, facts({ kind: 'certificate-issued', senderDomain: 'xserver.ne.jp' })),
    );
    expect(readable(issued!.args)).toContain('証明書ダウンロード');
    await slack.expectCalls('chat.postMessage', () => slack.event(inThread(ts, '発行された')));
    expect((await h.store.load('SLK001'))!.app.status).toBe('issued');
  });

  it('a CA mail pasted into the thread is shown but does not advance; a forged one only warns', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const ts = await seedSlackApplication();
    await slack.expectCalls('chat.postMessage', () => slack.event(inThread(ts, 'パネルで申請しました')));
    const pasted = `Before we can process this request we must obtain a signed EV Subscriber Agreement.\nVerification Code: ${CODES.agreement}\n<${AGREE_URL}>`;
    const [reply] = await slack.expectCalls('chat.postMessage', () => slack.event(inThread(ts, pasted)));
    const shown = readable(reply!.args);
    expect(shown).toContain(CODES.agreement);
    expect(shown).toMatch(/送信元を確認できない/);
    expect(currentQuestion((await h.store.load('SLK001'))!.app)?.id).toBe('wait.verification');

    const deps = { services: h.services, notify: slackNotify(h.bot.app.client) };
    const [warning] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(
        deps,
        facts({ kind: 'dcv', trusted: false, trustReason: 'lookalike-sender', verificationCode: 'zz9Zz9zz' }),
      ),
    );
    expect(readable(warning!.args)).toMatch(/なりすまし/);
    expect(readable(warning!.args)).not.toContain('zz9Zz9zz');
    expect(h.logs.join('')).not.toContain(CODES.agreement);
  });
});
