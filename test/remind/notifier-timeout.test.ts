import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../../src/remind/notifier.js';

// A Slack Web API that accepts the connection and the request, and never answers.
let server: Server;
let url: string;
const held: Array<{ destroy(): void }> = [];
beforeAll(async () => {
  server = createServer((req) => {
    held.push(req.socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the reminder notifier against a Slack that never answers', () => {
  it('gives up after its timeout (the job is then retried by the schedule) instead of holding the worker', async () => {
    const notifier = createNotifier({ slackToken: 'xoxb-test', slackApiUrl: url, slackTimeoutMs: 300 });
    const started = Date.now();
    await expect(notifier.slack('C0WEB', 'renew soon')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    await notifier.close();
  });
});
