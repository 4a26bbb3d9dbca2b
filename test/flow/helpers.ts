import { readFileSync } from 'node:fs';
import { engineDeps } from '../../src/app/services.js';
import { handle, type Inbound, type Outcome, start, type TurnContext } from '../../src/flow/engine.js';
import type { Reply } from '../../src/flow/replies.js';
import type { Application } from '../../src/flow/state.js';
import type { FlowKind, Lang } from '../../src/flow/types.js';

export const NOW = new Date('2026-11-25T01:00:00Z');
export const ctx: TurnContext = { now: NOW, actor: { channel: 'console', id: 'tester' }, deps: engineDeps };

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/flow/${name}`, import.meta.url), 'utf8');
}

/** A small driver: start a flow, then say things, keeping the last outcome. */
export class Conversation {
  outcome: Outcome;
  constructor(flow: FlowKind = 'acquire', lang: Lang = 'ja') {
    this.outcome = start({ id: 'ABC123', flow, lang, actor: ctx.actor }, ctx);
  }
  get app(): Application {
    return this.outcome.app;
  }
  say(text: string): Reply[] {
    return this.send({ type: 'text', text });
  }
  press(value: string): Reply[] {
    return this.send({ type: 'choice', value });
  }
  send(event: Inbound): Reply[] {
    this.outcome = handle(this.app, event, ctx);
    return this.outcome.replies;
  }
  /** The question being asked after the last turn. */
  get question(): Extract<Reply, { type: 'question' }> {
    const q = [...this.outcome.replies]
      .reverse()
      .find((r): r is Extract<Reply, { type: 'question' }> => r.type === 'question');
    if (!q) throw new Error(`no question in ${JSON.stringify(this.outcome.replies)}`);
    return q;
  }
  texts(): string {
    return this.outcome.replies
      .map((r) => (r.type === 'text' || r.type === 'question' ? r.text : JSON.stringify(r)))
      .join('\n');
  }
}

export const REGISTRANT = {
  organizationName: 'Example Trading Co., Ltd.',
  duns: '12-345-6789',
  name: 'Taro Yamada',
  title: 'President',
  postalCode: '〒100-0001',
  countryCode: 'JP',
  prefecture: '東京都',
  city: 'Chiyoda-ku',
  address: '1-1-1 Marunouchi, Example Bldg. 5F',
  phone: '03-1234-5678',
  fax: 'skip',
  email: 'taro@example.co.jp',
  approvalEmail: '1',
};

/** Walks a conversation through steps 1-3 of the acquire flow (prepare, start, CSR). */
export function throughCsr(c: Conversation): void {
  c.say('はい');
  if (c.app.flow === 'acquire') c.say('確認しました');
  c.press('articles');
  c.say('開きました');
  c.say(fixture('good.csr'));
}
