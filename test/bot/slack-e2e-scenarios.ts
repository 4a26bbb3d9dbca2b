import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicationStore } from '../../src/store/application-store.js';
import { type Harness, readable, startBot } from './harness.js';
import { choiceValues, formValue, REGISTRANT, reachRegistrant } from './scenario.js';
import { SlackDriver } from './slack-driver.js';

/**
 * The whole-application scenarios, on the store `makeStore` gives (undefined: the harness's memory
 * store); slack-e2e-sqlite.test.ts runs them on the embedded SQLite file.
 */
export function slackEndToEnd(name: string, makeStore: () => ApplicationStore | undefined): void {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const start = (opts: Parameters<typeof startBot>[0]) => {
    const store = makeStore();
    return startBot({ ...opts, ...(store ? { store } : {}) });
  };

  describe(`Slack: a whole application end to end (${name})`, () => {
    it('carries an acquire application from the first DM to issuance, with App Home tracking it', async () => {
      h = await start({ now: new Date('2026-11-25T01:00:00Z') });
      const slack = new SlackDriver(h);
      const form = await reachRegistrant(slack, 'U1');
      expect(readable(form.args)).toContain('CSR');
      const [opened] = await slack.expectCalls('views.open', () => slack.click('U1', form, formValue(form)));
      const [review] = await slack.expectCalls('chat.postMessage', async () => {
        const r = await slack.submitModal('U1', opened!, {
          ...REGISTRANT,
          approvalEmail: 'admin@example.co.jp',
        });
        expect(r.body.response_action).toBeUndefined();
      });
      const summary = readable(review!.args);
      expect(summary).toContain('申請内容のまとめ');
      expect(summary).toContain('Contact Phone No');
      expect(choiceValues(review!)).toContain('submitted');
      let m = await slack.press('U1', review!, 'submitted');
      for (const step of ['5/9', '6/9', '7/9', '8/9']) {
        expect(readable(m.args)).toContain(step);
        m = await slack.press('U1', m, 'done');
      }
      expect(readable(m.args)).toContain('9/9');
      await h.bot.idle(); // the turns' own Home refreshes are done: the next publish answers the open
      const [home] = await slack.expectCalls('views.publish', () =>
        slack.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }),
      );
      expect(readable(home!.args.view as Record<string, unknown>)).toContain('9/9');
      const done = await slack.press('U1', m, 'done');
      expect(readable(done.args)).toContain('手続きは完了です');
      const app = (await h.store.list())[0]!.app;
      expect(app.status).toBe('issued');
      expect(app.fields.duns).toBe('123456789');
    });

    it('App Home shows the applications, their checklist, next action and certificate expiry', async () => {
      h = await start({ now: new Date('2026-11-25T01:00:00Z') });
      const slack = new SlackDriver(h);
      await slack.dm('U1', 'renew');
      const stored = (await h.store.list())[0]!;
      await h.store.save({
        app: { ...stored.app, certificate: { notAfter: '2027-01-04T00:00:00Z' } },
        expectedVersion: stored.version,
      });
      await h.bot.idle();
      const [home] = await slack.expectCalls('views.publish', () =>
        slack.event({ type: 'app_home_opened', user: 'U1', channel: 'DU1', tab: 'home' }),
      );
      const text = readable(home!.args.view as Record<string, unknown>);
      expect(home!.args.user_id).toBe('U1');
      expect(text).toContain(stored.app.id);
      expect(text).toContain('▶️');
      expect(text).toContain('Next:');
      expect(text).toContain('2027-01-04 (39 days left)');
      const [other] = await slack.expectCalls('views.publish', () =>
        slack.event({ type: 'app_home_opened', user: 'U7', channel: 'DU7', tab: 'home' }),
      );
      expect(readable(other!.args.view as Record<string, unknown>)).not.toContain(stored.app.id);
    });
  });
}
