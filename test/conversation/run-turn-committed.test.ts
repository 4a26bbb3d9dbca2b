import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { type CommittedTurn, runTurn, type TurnServices } from '../../src/conversation/run-turn.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';

const actor = { channel: 'console' as const, id: 'me' };

function services(seen: CommittedTurn[]): TurnServices {
  return {
    store: new MemoryApplicationStore(),
    deps: engineDeps,
    clock: () => new Date(),
    logger: pino({ level: 'silent' }),
    onCommitted: async (turn) => {
      seen.push(turn);
    },
  };
}

describe('runTurn: after-commit hook (reminders listen here)', () => {
  it('hears each committed turn once, with its effects, and nothing for a duplicate event', async () => {
    const seen: CommittedTurn[] = [];
    const s = services(seen);
    const conversation = 'console:hook';
    await runTurn(s, { conversation, actor, event: { type: 'text', text: 'acquire' }, eventId: 'e1' });
    await runTurn(s, { conversation, actor, event: { type: 'text', text: 'yes' }, eventId: 'e2' });
    await runTurn(s, { conversation, actor, event: { type: 'text', text: 'yes' }, eventId: 'e2' });
    expect(seen).toHaveLength(2);
    expect(seen[0]?.effects).toContainEqual({ type: 'step-entered', step: 'prepare' });
    expect(seen[1]?.conversation).toBe(conversation);
  });

  it('hears nothing when no application was created (the flow question)', async () => {
    const seen: CommittedTurn[] = [];
    await runTurn(services(seen), {
      conversation: 'console:x',
      actor,
      event: { type: 'text', text: 'hello' },
    });
    expect(seen).toEqual([]);
  });
});
