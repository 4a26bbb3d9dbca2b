import { describe, expect, it } from 'vitest';
import { slackCommandPlace } from '../../src/bot/reminder-turn.js';
import { slackTeam } from '../../src/remind/on-effects.js';
import type { TrackedCertificate } from '../../src/remind/types.js';

const cert = (team: string): TrackedCertificate => ({
  id: 'c0123456789abcdef',
  domain: 'www.example.jp',
  team,
  notAfter: '2027-04-01T00:00:00Z',
  source: 'manual',
  generation: 1,
  rev: 1,
  state: 'active',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
});

describe('who may answer a reminder from Slack', () => {
  const ops = slackTeam('T0A', 'C0OPS', 'ja');
  const act = (scope: string, channel: string, team: ReturnType<typeof slackTeam> | null) =>
    slackCommandPlace(scope, channel, 'ja').mayAct(team, cert(team?.id ?? 'x'));

  it('in a channel: only the certificates reminded in that channel', () => {
    expect(act('T0A', 'C0OPS', ops)).toBe(true);
    expect(act('T0A', 'C0DEV', ops)).toBe(false);
  });

  it('in a DM: any certificate reminded on Slack in the same workspace', () => {
    expect(act('T0A', 'D0ME', ops)).toBe(true);
    expect(act('T0A', 'D0ME', { id: 'mail-example.jp', lang: 'ja', emails: ['a@example.jp'] })).toBe(false);
    expect(act('T0A', 'D0ME', null)).toBe(false);
  });

  it('never a certificate of another workspace the app is installed in, even with its id', () => {
    expect(act('T0B', 'D0ME', ops)).toBe(false);
    expect(act('T0B', 'C0OPS', ops)).toBe(false);
    // A scope that merely starts with the same letters is another workspace.
    expect(act('T0', 'D0ME', ops)).toBe(false);
  });
});
