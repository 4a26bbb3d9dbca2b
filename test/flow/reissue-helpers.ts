import { engineDeps } from '../../src/app/services.js';
import { handle, type Outcome, start } from '../../src/flow/engine.js';
import type { Reply } from '../../src/flow/replies.js';
import type { Application } from '../../src/flow/state.js';
import type { FlowKind, Lang } from '../../src/flow/types.js';
import { TestCa } from '../cert/test-ca.js';

export const DOMAIN = 'www.sakura-shoji.co.jp';
const DAY = 86_400_000;

/** Registrant answers matching the test CA's CSR subject (O=Sakura Shoji Co., Ltd., C=JP). */
export const SAKURA = {
  organizationName: 'Sakura Shoji Co., Ltd.',
  duns: '12-345-6789',
  name: 'Hanako Sato',
  title: 'President',
  postalCode: '100-0001',
  countryCode: 'JP',
  prefecture: '東京都',
  city: 'Chiyoda-ku',
  address: '1-1-1 Marunouchi',
  phone: '03-1234-5678',
  fax: 'skip',
  email: 'hanako@sakura-shoji.co.jp',
  approvalEmail: '1',
};

/** Real CSRs and certificates made with openssl by a throwaway CA (root → intermediate → leaf). */
export class Certificates {
  readonly ca = new TestCa();
  constructor() {
    this.ca.root('root');
    this.ca.intermediate('inter', 'root', new Date('2020-01-01T00:00:00Z'), new Date('2039-01-01T00:00:00Z'));
  }
  /** A new key and CSR for `domain` (PEM). */
  csr(name: string, domain = DOMAIN): string {
    return this.ca.read(this.ca.csr(name, domain));
  }
  /** The certificate for CSR `name`, valid `days` from `from`. */
  cert(name: string, from: string, days: number): string {
    const start = new Date(from);
    return this.ca.read(this.ca.sign(`${name}.csr`, 'inter', start, new Date(start.getTime() + days * DAY)));
  }
  dispose(): void {
    this.ca.dispose();
  }
}

/** The engine driven turn by turn under a clock the test sets. */
export class Drive {
  outcome: Outcome;
  now: Date;
  constructor(flow: FlowKind, at: string, lang: Lang = 'ja') {
    this.now = new Date(at);
    this.outcome = start(
      { id: 'RE1SSU', flow, lang, actor: { channel: 'console', id: 'tester' } },
      this.ctx(),
    );
  }
  ctx() {
    return { now: this.now, actor: { channel: 'console' as const, id: 'tester' }, deps: engineDeps };
  }
  at(iso: string): this {
    this.now = new Date(iso);
    return this;
  }
  get app(): Application {
    return this.outcome.app;
  }
  say(text: string): Reply[] {
    this.outcome = handle(this.app, { type: 'text', text }, this.ctx());
    return this.outcome.replies;
  }
  get question(): string | undefined {
    const q = [...this.outcome.replies].reverse().find((r) => r.type === 'question');
    return q?.type === 'question' ? q.id : undefined;
  }
  texts(): string {
    return this.outcome.replies
      .map((r) => (r.type === 'text' || r.type === 'question' ? r.text : JSON.stringify(r)))
      .join('\n');
  }
}

/** An acquire application walked to issuance of `certPem` (for CSR `csrPem`). */
export function issuedAcquire(d: Drive, csrPem: string, certPem: string): void {
  d.say('はい');
  d.say('確認しました');
  d.say('1');
  d.say('開きました');
  d.say(csrPem);
  for (const v of Object.values(SAKURA)) d.say(v);
  // The DUNS record, as registered (acquire only).
  d.say('Sakura Shoji Co., Ltd.');
  d.say('1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0001');
  d.say('03-1234-5678');
  d.say('パネルで申請しました');
  for (let i = 0; i < 4; i++) d.say('完了');
  d.say(certPem);
}
