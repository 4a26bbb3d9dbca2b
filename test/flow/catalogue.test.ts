import { describe, expect, it } from 'vitest';
import { catalogue, catalogued } from '../../src/flow/catalogue.js';
import '../../src/flow/engine.js';
import '../../src/flow/members.js';
import { stepLine } from '../../src/bot/visible-apps.js';
import type { Reply } from '../../src/flow/replies.js';
import { Conversation, REGISTRANT, throughCsr } from './helpers.js';

/** Issue 13 item 2: one message catalogue, every text with an id, replies that carry it. */

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const ids = (replies: Reply[]) => replies.flatMap((r) => (r.type === 'text' && r.msg ? [r.msg] : []));

describe('the message catalogue', () => {
  it('holds the engine’s tables under unique ids, area.key', () => {
    const all = [...catalogued().keys()];
    expect(all.length).toBeGreaterThan(150);
    for (const area of ['engine', 'words', 'caMail', 'corporate', 'reissue', 'members', 'siteCheck'])
      expect(
        all.some((id) => id.startsWith(`${area}.`)),
        area,
      ).toBe(true);
    expect(() => catalogue('engine', { saved: { ja: 'x', en: 'x' } })).toThrow(/defined twice/);
  });

  it('every message has both languages, with the same placeholders in each', () => {
    const bad: string[] = [];
    for (const [id, text] of catalogued()) {
      if (!text.ja.trim() || !text.en.trim()) bad.push(`${id}: empty`);
      else if (placeholders(text.ja).join() !== placeholders(text.en).join())
        bad.push(`${id}: ja {${placeholders(text.ja)}} en {${placeholders(text.en)}}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('replies carry the message id and parameters', () => {
  it('“back” at the first question', () => {
    const c = new Conversation('acquire', 'en');
    c.say('yes');
    c.say('back');
    c.say('back');
    expect(ids(c.outcome.replies)).toContainEqual({ id: 'engine.firstQuestion' });
  });

  it('an edited field is echoed as engine.saved with its label and value', () => {
    const c = new Conversation('acquire', 'en');
    throughCsr(c);
    for (const v of Object.values(REGISTRANT).slice(0, 5)) c.say(v);
    c.say('edit title');
    c.say('CEO');
    expect(ids(c.outcome.replies)).toContainEqual({
      id: 'engine.saved',
      params: { label: 'Title', value: 'CEO' },
    });
  });
});

describe('list lines name the flow (a reissue was listed as a renewal)', () => {
  it.each([
    ['acquire', 'ja', '取得 · 1/9'],
    ['renew', 'en', 'renewal · 1/8'],
    ['reissue', 'ja', '再発行 · 1/7'],
    ['reissue', 'en', 'reissue · 1/7'],
  ] as const)('%s in %s', (flow, lang, expected) => {
    const c = new Conversation(flow, lang);
    expect(stepLine(c.app, lang)).toContain(expected);
  });
});

describe('the channels’ texts are catalogued too', () => {
  it('Slack, console and mail tables have ids in their areas', async () => {
    await import('../../src/bot/on-actions.js');
    await import('../../src/bot/on-command.js');
    await import('../../src/bot/registrant-modal.js');
    await import('../../src/console/console-channel.js');
    await import('../../src/mail/render-mail.js');
    const all = [...catalogued().keys()];
    for (const area of [
      'slack.actions',
      'slack.command',
      'slack.modal',
      'slack.blocks',
      'console',
      'mail.render',
    ])
      expect(
        all.some((id) => id.startsWith(`${area}.`)),
        area,
      ).toBe(true);
  });
});
