import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, readable, startBot } from './harness.js';
import { mention } from './scenario.js';
import { dmEvent, threadReplyEvent } from './signed-requests.js';
import { SlackDriver } from './slack-driver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function fileShare(user: string, name: string, text = '') {
  return {
    ...dmEvent(user, text),
    subtype: 'file_share',
    files: [
      {
        id: 'F1',
        name,
        title: name,
        mimetype: 'application/octet-stream',
        url_private: 'https://files.slack.com/files-pri/T1-F1/server.csr',
      },
    ],
  };
}

describe('Slack: user messages with a subtype', () => {
  it('a thread_broadcast ("also send to the channel") in an application’s thread is answered like any reply', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    const { ts } = await mention(slack, 'U1', 'acquire');
    const [next] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(threadReplyEvent('U1', 'yes', ts, { subtype: 'thread_broadcast' })),
    );
    expect(next!.args.thread_ts).toBe(ts);
    expect(readable(next!.args)).toContain('DUNS');
  });

  it('an uploaded .csr gets how to paste it, in the application’s language, once per event', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await slack.dm('U1', '取得');
    const event = fileShare('U1', 'server.csr');
    const [note] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(event, { eventId: 'EvFILE1' }),
    );
    expect(note!.args.channel).toBe('DU1');
    const text = readable(note!.args);
    expect(text).toContain('server.csr');
    expect(text).toContain('読み取れません');
    expect(text).toContain('`cat server.csr`');
    expect(text).toContain('-----BEGIN');
    // Slack delivering the same event again: not answered twice.
    await slack.event(event, { eventId: 'EvFILE1' });
    await h.bot.idle();
    expect(h.slack.of('chat.postMessage')).toHaveLength(2);
  });

  it('in English for an English user; a private key upload is warned about', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await slack.dm('U1', 'acquire');
    const [pem] = await slack.expectCalls('chat.postMessage', () => slack.event(fileShare('U1', 'cert.pem')));
    expect(readable(pem!.args)).toContain('paste it here as a message');
    const [key] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(fileShare('U1', 'server.key')),
    );
    expect(readable(key!.args)).toContain('looks like a private key');
  });

  it('an upload with the PEM text pasted in the message too is read as the text', async () => {
    h = await startBot();
    const slack = new SlackDriver(h);
    await slack.dm('U1', 'acquire');
    const [reply] = await slack.expectCalls('chat.postMessage', () =>
      slack.event(
        fileShare(
          'U1',
          'server.csr',
          '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
        ),
      ),
    );
    expect(readable(reply!.args)).not.toContain('cannot read the file');
  });
});
