import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { runConsole } from '../../src/console/console-channel.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { createReminders } from '../../src/remind/create-reminders.js';
import { createNotifier } from '../../src/remind/notifier.js';
import { certificateId } from '../../src/remind/registry.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { manualClock } from '../remind/harness.js';
import { useRedisServer } from '../support/redis-server.js';

const redis = useRedisServer();

/** A scripted console session (one answer per line) over `services`; resolves with what it printed. */
async function session(services: object & Parameters<typeof runConsole>[0], lines: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const done = runConsole(services, { input, output, lang: 'en', interactive: false });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return out;
}

const services = (): TurnServices => ({
  store: new MemoryApplicationStore(),
  deps: engineDeps,
  clock: () => new Date(),
  logger: pino({ level: 'silent' }),
});

describe('console: reminder and certs commands (issue 8)', () => {
  it('go to the reminders, on the default team, and never start an application', async () => {
    const s = services();
    const r = createReminders({
      redisUrl: redis.url,
      prefix: `t${randomBytes(4).toString('hex')}:`,
      store: s.store,
      logger: s.logger,
      clock: manualClock('2026-11-25T01:00:00Z').now,
      notifier: createNotifier({}),
      defaultTeam: 'ops',
    });
    s.reminders = r;
    const id = certificateId('ops', 'www.example.co.jp');
    try {
      const out = await session(s, [
        'certs add www.example.co.jp 2027-04-19',
        `snooze ${id} 10`,
        'certs list',
      ]);
      expect(out).toContain(`Tracking www.example.co.jp (expires 2027-04-19, 144 days left, id ${id})`);
      expect(out).toContain('www.example.co.jp: Snoozed for 10 days.');
      expect(out).toContain('snoozed until 2026-12-05');
      expect((await r.registry.get(id))?.snoozedUntil).toBe('2026-12-05T01:00:00.000Z');
      expect(await s.store.list()).toHaveLength(0);
    } finally {
      await r.stop();
    }
  });

  it('without reminders (STORE=memory, no REDIS_URL) say that reminders are off', async () => {
    const out = await session(services(), ['ack c0123456789abcdef']);
    expect(out).toContain('Renewal reminders are not running here');
    expect(out).toContain('STORE=memory');
  });
});
