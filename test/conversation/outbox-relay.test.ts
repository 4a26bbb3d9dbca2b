import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDeliverer } from '../../src/bot/deliver.js';
import { OutboxRelay } from '../../src/conversation/outbox-relay.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { FakeSlack } from '../bot/fake-slack.js';
import { sampleApp } from '../store/contract.js';

/**
 * The relay's recovery: a process posted a reply and died before it recorded the delivery. The sweep
 * of a live process reads the thread back (the message metadata names the outbox entry) and does not
 * post it a second time; when it cannot read the thread it posts again (at least once, never lost).
 */
describe('OutboxRelay recovering what a dead process owed (Slack, over HTTP to a fake Web API)', () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => slack.close());

  async function owedReply(conversation: string) {
    const store = new MemoryApplicationStore();
    const app = sampleApp();
    const saved = await store.save({
      app,
      expectedVersion: 0,
      outbox: [{ conversation, replies: [{ type: 'text', text: `hello ${app.id}` }], lang: 'en' }],
    });
    if (saved.status !== 'saved') throw new Error(saved.status);
    const relay = new OutboxRelay({ store, logger: pino({ level: 'silent' }), olderThanMs: 0 });
    relay.register('slack:', slackDeliverer(client));
    return { store, app, relay, entry: saved.outbox[0]! };
  }

  const postsOf = (id: string) =>
    slack.of('chat.postMessage').filter((c) => String(c.args.text).includes(id));

  for (const [where, conversation] of [
    ['a thread', 'slack:T1:C1:1800000000.000100'],
    ['a DM top level', 'slack:T1:D9:main'],
  ] as const) {
    it(`in ${where}: a reply already posted is recorded delivered, not posted again`, async () => {
      const { store, app, relay, entry } = await owedReply(conversation);
      // The dead process: posted (with the entry's metadata), never recorded the delivery.
      expect(await slackDeliverer(client)(entry, { applicationId: app.id, recovering: false })).toBe(
        'delivered',
      );
      expect(postsOf(app.id)).toHaveLength(1);
      expect(postsOf(app.id)[0]?.args.metadata).toMatchObject({
        event_type: 'evssl_reply',
        event_payload: { entry: `${app.id}:${entry.id}`, part: 0 },
      });
      await relay.sweep();
      expect(postsOf(app.id)).toHaveLength(1);
      expect(await store.owed(0, 100)).not.toContain(app.id);
    });
  }

  it('a reply the dead process never posted is posted by the sweep', async () => {
    const { store, app, relay } = await owedReply('slack:T1:C2:1800000000.000200');
    await relay.sweep();
    expect(postsOf(app.id)).toHaveLength(1);
    expect(await store.owed(0, 100)).not.toContain(app.id);
  });

  it('when the thread cannot be read back, the reply is posted again rather than lost', async () => {
    const { app, relay, entry } = await owedReply('slack:T1:C3:1800000000.000300');
    await slackDeliverer(client)(entry, { applicationId: app.id, recovering: false });
    slack.fail('conversations.replies', { status: 200, error: 'missing_scope' });
    await relay.sweep();
    expect(postsOf(app.id)).toHaveLength(2);
  });
});
