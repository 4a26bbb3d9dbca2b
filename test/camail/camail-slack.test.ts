import { afterEach, describe, expect, it } from 'vitest';
import { routeCaMail } from '../../src/camail/route-ca-mail.js';
import { currentQuestion } from '../../src/flow/progress.js';
import type { Application } from '../../src/flow/state.js';
import { stepInfo } from '../../src/flow/step-info.js';
import { actionBlocks, type Harness, readable, startBot } from '../bot/harness.js';
import { nextTs } from '../bot/signed-requests.js';
import { SlackDriver } from '../bot/slack-driver.js';
import { atReview, CODES, facts } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const AGREE_URL =
  'https://secure.sectigo.com/products/EVClickThrough?orderNumber=1234567&subscriberAgreement=1';

/**
 * An application of Slack user U1 in thread `ts` of channel C1, at step 4's review (steps 1-4: test/bot).
 * `bound: false`: no Slack conversation is bound to it (an application from before the store kept them).
 */
async function seedSlackApplication(opts: { bound?: boolean; members?: string[] } = {}): Promise<string> {
  const ts = nextTs();
  const app = {
    ...structuredClone(atReview().app),
    id: 'SLK001',
    members: (opts.members ?? ['T1:U1']).map((id) => ({ channel: 'slack' as const, id })),
  };
  await h.store.save({ app, expectedVersion: 0, bind: opts.bound === false ? [] : [`slack:T1:C1:${ts}`] });
  return ts;
}

const DCV = () =>
  facts({
    kind: 'dcv',
    url: 'https://secure.sectigo.com/products/EnterpriseDCV?orderNumber=1234567',
    verificationCode: CODES.dcv,
  });

function stepOf(app: Application): string {
  const s = stepInfo(app, currentQuestion(app)!.step);
  return `${s.number}/${s.total} ${s.title}`;
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
  it('carries it from step 5 to issuance: CA mails advance it and the notices land in its thread', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const ts = await seedSlackApplication();
    const deps = { services: h.services, notify: h.bot.notify };

    const [notice] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(deps, DCV(), { eventId: 'camail:<dcv@sectigo.com>' }),
    );
    expect(notice!.args).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(readable(notice!.args)).toContain(CODES.dcv);
    expect(h.slack.of('chat.postMessage').filter((c) => c.args.channel === 'U1')).toEqual([]);

    const [agreement] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail(
        deps,
        facts({ kind: 'subscriber-agreement', url: AGREE_URL, verificationCode: CODES.agreement }),
      ),
    );
    expect(agreement!.args).toMatchObject({ channel: 'C1', thread_ts: ts });
    expect(readable(agreement!.args)).toContain(CODES.agreement);
    expect(readable(agreement!.args)).toMatch(/FirstName[\s\S]*Taro/);
    let app = (await h.store.load('SLK001'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.agreement');
    expect(app.ca?.approvalCode).toBeUndefined();

    // The notice's own button answers in the application's thread: it is that conversation's.
    expect(actionBlocks(agreement!.args).length).toBeGreaterThan(0);
    const afterDone = await slack.press('U1', agreement!, 'done');
    expect(afterDone.args.thread_ts).toBe(ts);
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

    const deps = { services: h.services, notify: h.bot.notify };
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

  it('falls back to a DM to the applicant, without buttons, when no Slack conversation is bound', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await seedSlackApplication({ bound: false });
    const [dm] = await slack.expectCalls('chat.postMessage', () =>
      routeCaMail({ services: h.services, notify: h.bot.notify }, DCV()),
    );
    expect(dm!.args.channel).toBe('U1');
    expect(dm!.args.thread_ts).toBeUndefined();
    expect(readable(dm!.args)).toContain(CODES.dcv);
    expect(readable(dm!.args)).toContain('SLK001');
    // No buttons in the DM: they would act on the DM's conversation, not this application.
    expect(JSON.stringify(dm!.args.blocks)).not.toContain('"actions"');
  });

  it('sends the notice by DM when the thread cannot be posted in, logging only Slack’s error code', async () => {
    h = await startBot();
    await seedSlackApplication();
    h.slack.fail('chat.postMessage', { status: 200, error: 'not_in_channel' });
    const result = await routeCaMail({ services: h.services, notify: h.bot.notify }, DCV());
    expect(result).toMatchObject({ status: 'applied', delivered: true });
    const [failed] = h.slack.of('chat.postMessage!failed');
    expect(failed!.args.channel).toBe('C1');
    const [dm] = await h.slack.waitFor('chat.postMessage');
    expect(dm!.args.channel).toBe('U1');
    const line = h.logs.find((l) => l.includes('could not be posted in the application thread'));
    expect(line).toContain('not_in_channel');
    expect(h.logs.join('')).not.toContain(CODES.dcv);
  });

  it('republishes the Home tab of the application’s Slack members with the step the CA mail led to', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await seedSlackApplication({ members: ['T1:U1', 'T1:U2'] });
    const before = stepOf((await h.store.load('SLK001'))!.app);
    await slack.expectCalls('chat.postMessage', () =>
      routeCaMail({ services: h.services, notify: h.bot.notify }, DCV()),
    );
    await h.bot.idle();
    const after = stepOf((await h.store.load('SLK001'))!.app);
    expect(after).not.toBe(before);
    const published = h.slack.of('views.publish');
    expect(published.map((c) => c.args.user_id).sort()).toEqual(['U1', 'U2']);
    for (const call of published)
      expect(readable(call.args.view as Record<string, unknown>)).toContain(after);
  });
});
