import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningChannel } from '../../src/app/running-channel.js';
import { type AppServices, createServices } from '../../src/app/services.js';
import { startSlack } from '../../src/bot/slack-channel.js';
import { readConfig } from '../../src/config/config.js';
import { FakeSlack } from '../bot/fake-slack.js';
import { type Harness, readable } from '../bot/harness.js';
import { mention } from '../bot/scenario.js';
import { SIGNING_SECRET, threadReplyEvent } from '../bot/signed-requests.js';
import { SlackDriver } from '../bot/slack-driver.js';
import { freePort } from '../support/free-port.js';
import { FakeNta, TOYOTA } from './fake-nta.js';

// Issue 18: the corporate number "visible in every channel (Slack thread and App Home, …)". The Slack
// channel as main starts it (startSlack on createServices: the NTA client comes from the configuration),
// driven by signed requests through the real Bolt receiver; the Web API and the NTA are local fakes.
const nta = new FakeNta([TOYOTA]);
let slack: FakeSlack;
let services: AppServices;
let channel: RunningChannel | undefined;
let driver: SlackDriver;

beforeAll(async () => {
  const ntaUrl = await nta.start();
  slack = await new FakeSlack().start();
  const port = await freePort();
  const config = readConfig({
    STORE: 'memory',
    SLACK_BOT_TOKEN: 'xoxb-test-0000-secret-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: String(port),
    NTA_APP_ID: 'test-app-id',
    NTA_API_URL: ntaUrl,
  });
  services = await createServices(config, pino({ level: 'silent' }));
  channel = await startSlack(config, services);
  // The driver needs the receiver's port and the fake Web API only.
  driver = new SlackDriver({ port, slack } as unknown as Harness);
});
afterAll(async () => {
  await channel?.stop();
  await services?.store.close();
  await slack?.close();
  await nta.stop();
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(done()).toBe(true);
}

describe('Slack: the corporate number (NTA_APP_ID) in the thread and in App Home', () => {
  it('asks it in step 1, looks it up in the NTA registry and shows the registered name and address with the NTA notice', async () => {
    const { ts } = await mention(driver, 'U1', 'acquire');
    const say = async (text: string) => {
      const [reply] = await driver.expectCalls('chat.postMessage', () =>
        driver.event(threadReplyEvent('U1', text, ts)),
      );
      expect(reply!.args.thread_ts).toBe(ts);
      return readable(reply!.args);
    };
    await say('yes');
    await say('checked');
    expect(await say('1')).toMatch(/corporate number/i);

    // Typed as people do: full-width digits with hyphens. The flow never waits on the NTA.
    const accepted = await say('１－１８０３－０１－０１８７７１');
    expect(accepted).toContain(`Looking up corporate number ${TOYOTA.corporateNumber}`);
    await until(() => nta.requests.length > 0);
    expect(nta.requests.map((u) => u.searchParams.get('number'))).toEqual([TOYOTA.corporateNumber]);
    expect(nta.requests[0]!.searchParams.get('id')).toBe('test-app-id');
    await new Promise((r) => setTimeout(r, 100)); // the answer lands in the cache

    // The next summary in the thread shows the registry's record beside what was typed.
    const summary = await say('summary');
    expect(summary).toContain('National Tax Agency registry (for reference)');
    expect(summary).toContain(TOYOTA.name);
    expect(summary).toContain(TOYOTA.enName);
    expect(summary).toContain('愛知県豊田市トヨタ町１番地');
    expect(summary).toContain('471-8571');
    expect(summary).toContain('not guaranteed by the National Tax Agency');
    expect(summary).toContain('EV serialNumber (expected)');
    expect(summary).toContain('1803-01-018771');
    // Asked once: the answer is cached (30 days), the summary did not ask again.
    expect(nta.requests).toHaveLength(1);

    // App Home: the number, the registered name and address, and the notice.
    const [home] = await driver.expectCalls('views.publish', () =>
      driver.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }),
    );
    const view = readable(home!.args.view as Record<string, unknown>);
    expect(view).toContain(`Corporate number: ${TOYOTA.corporateNumber}`);
    expect(view).toContain(`NTA registry (for reference): ${TOYOTA.name} / ${TOYOTA.enName}`);
    expect(view).toContain('愛知県豊田市トヨタ町１番地');
    expect(view).toContain('not guaranteed by the National Tax Agency');
  });
});
