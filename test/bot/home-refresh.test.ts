import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HomeRefresher } from '../../src/bot/home-refresh.js';
import { newApplication } from '../../src/flow/state.js';
import { createLogger } from '../../src/log/logger.js';

function quietLogger(lines: string[] = []) {
  return createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  });
}

/** A publish the test finishes by hand, recording how many ran at once. */
function controlledPublish() {
  const calls: string[] = [];
  const pending: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const publish = async (scope: string, user: string) => {
    calls.push(`${scope}:${user}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => pending.push(resolve));
    inFlight -= 1;
  };
  const finishAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { publish, calls, finishAll, max: () => maxInFlight };
}

describe('HomeRefresher', () => {
  it('keeps one publish per user in flight and runs a burst of refreshes once more after it', async () => {
    const p = controlledPublish();
    const home = new HomeRefresher(p.publish, quietLogger());
    home.refresh('T1', ['U1']);
    home.refresh('T1', ['U1']);
    home.refresh('T1', ['U1', 'U2']);
    home.refresh('T1', ['U1']);
    expect(p.calls).toEqual(['T1:U1', 'T1:U2']);
    await p.finishAll();
    expect(await home.settled()).toBe(true);
    expect(p.calls).toEqual(['T1:U1', 'T1:U2', 'T1:U1']);
    expect(p.max()).toBe(2); // two users at once, never one user twice
    home.refresh('T1', ['U1']);
    await p.finishAll();
    expect(p.calls).toHaveLength(4);
  });

  it('refreshes the actor and the application’s Slack members by their workspace, not email members', async () => {
    const p = controlledPublish();
    const home = new HomeRefresher(p.publish, quietLogger());
    const app = newApplication({
      id: 'ABC123',
      flow: 'acquire',
      lang: 'ja',
      actor: { channel: 'slack', id: 'E1:U1' },
      now: new Date('2026-11-25T00:00:00Z'),
    });
    app.members.push({ channel: 'slack', id: 'E1:W2' }, { channel: 'email', id: 'taro@example.jp' });
    home.refreshApplication(app, { scope: 'E1', user: 'U1' });
    await p.finishAll();
    expect(p.calls.sort()).toEqual(['E1:U1', 'E1:W2']);
  });

  it('logs a failure with its code and carries on; settled answers false when a publish hangs', async () => {
    const lines: string[] = [];
    const home = new HomeRefresher(async () => {
      throw Object.assign(new Error('An API error occurred: user_not_found U1'), {
        data: { error: 'user_not_found' },
      });
    }, quietLogger(lines));
    home.refresh('T1', ['U1']);
    expect(await home.settled()).toBe(true);
    expect(lines.join('')).toContain('"err":"user_not_found"');
    expect(lines.join('')).not.toContain('U1');

    const hanging = new HomeRefresher(() => new Promise(() => {}), quietLogger());
    hanging.refresh('T1', ['U1']);
    expect(await hanging.settled(20)).toBe(false);
  });
});

describe('HomeRefresher spacing', () => {
  it('publishes a busy user at most once per gap, and once more at its end with the latest state', async () => {
    const calls: number[] = [];
    const home = new HomeRefresher(
      async () => {
        calls.push(Date.now());
      },
      createLogger({ level: 'silent' }),
      200,
    );
    for (let i = 0; i < 10; i++) {
      home.refresh('T1', ['U1']);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await home.settled(5000)).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(150);
  });
});
