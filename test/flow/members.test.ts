import { describe, expect, it } from 'vitest';
import { addMembers, MAX_MEMBERS } from '../../src/flow/members.js';
import { newApplication } from '../../src/flow/state.js';

const now = new Date('2026-11-25T01:00:00Z');
const applicant = { channel: 'slack' as const, id: 'T1:U1' };
const label = (a: { id: string }) => a.id;

describe('addMembers (naming teammates)', () => {
  it('adds new teammates once, keeps the applicant first and does not mutate its input', () => {
    const app = newApplication({ id: 'ABC123', flow: 'acquire', lang: 'en', actor: applicant, now });
    const out = addMembers(
      app,
      [{ channel: 'slack', id: 'T1:U2' }, applicant, { channel: 'slack', id: 'T1:U2' }],
      {
        now,
        label,
      },
    );
    expect(out.app.members.map((m) => m.id)).toEqual(['T1:U1', 'T1:U2']);
    expect(out.added).toEqual([{ channel: 'slack', id: 'T1:U2' }]);
    expect(app.members).toHaveLength(1);
    expect(out.replies[0]).toMatchObject({ type: 'text', tone: 'success' });
  });

  it('says so when everyone is already a member, refuses on a closed application, and caps the team', () => {
    const app = newApplication({ id: 'ABC123', flow: 'renew', lang: 'ja', actor: applicant, now });
    expect(addMembers(app, [applicant], { now, label }).added).toEqual([]);
    expect(
      addMembers({ ...app, status: 'issued' }, [{ channel: 'slack', id: 'T1:U9' }], { now, label }).added,
    ).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) => ({ channel: 'slack' as const, id: `T1:U${i + 100}` }));
    expect(addMembers(app, many, { now, label }).app.members).toHaveLength(MAX_MEMBERS);
  });
});
