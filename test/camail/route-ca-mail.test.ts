import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { engineDeps } from '../../src/app/services.js';
import { createCaMailRecogniser } from '../../src/camail/mail-recogniser.js';
import type { Notify } from '../../src/camail/notify.js';
import { caMailHandler } from '../../src/camail/on-ca-mail.js';
import { routeCaMail } from '../../src/camail/route-ca-mail.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';
import { currentQuestion } from '../../src/flow/progress.js';
import type { Reply } from '../../src/flow/replies.js';
import type { Application } from '../../src/flow/state.js';
import { createLogger } from '../../src/log/logger.js';
import { MemoryApplicationStore } from '../../src/store/memory-store.js';
import { atReview, CODES, facts, parseCaFixture } from './helpers.js';

const APPLICANT = 'taro@example.co.jp';

function setup() {
  const store = new MemoryApplicationStore();
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _e, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  });
  const services: TurnServices = {
    store,
    deps: engineDeps,
    logger,
    clock: () => new Date('2026-11-25T02:00:00Z'),
  };
  const told: Array<{ id: string; replies: Reply[] }> = [];
  const notify: Notify = async (app, replies) => {
    told.push({ id: app.id, replies });
    return true;
  };
  return { store, services, notify, told, logs };
}

async function seed(store: MemoryApplicationStore, id: string, over: (app: Application) => void = () => {}) {
  const app = structuredClone(atReview().app);
  app.id = id;
  app.members = [{ channel: 'email', id: APPLICANT }];
  over(app);
  await store.save({ app, expectedVersion: 0 });
  return app;
}

const text = (replies: Reply[]) => replies.map((r) => ('text' in r ? r.text : JSON.stringify(r))).join('\n');

describe('routeCaMail', () => {
  it('matches by domain, advances, tells the applicant, and drops each code once its step is done', async () => {
    const { store, services, notify, told, logs } = setup();
    await seed(store, 'AAA111');
    await seed(store, 'BBB222', (a) => {
      a.csr = {
        ...a.csr!,
        domain: 'other.example.jp',
        commonName: 'other.example.jp',
        sans: ['other.example.jp'],
      };
    });
    const deps = { services, notify };
    const r1 = await routeCaMail(deps, facts({ kind: 'dcv', verificationCode: CODES.dcv }), {
      eventId: 'camail:<1>',
    });
    expect(r1).toEqual({ status: 'applied', applicationId: 'AAA111', delivered: true });
    let app = (await store.load('AAA111'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.verification');
    expect(app.ca?.approvalCode).toBe(CODES.dcv);
    expect(text(told[0]!.replies)).toContain(CODES.dcv);

    await routeCaMail(deps, facts({ kind: 'subscriber-agreement', verificationCode: CODES.agreement }), {
      eventId: 'camail:<2>',
    });
    app = (await store.load('AAA111'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.agreement');
    expect(app.ca?.approvalCode).toBeUndefined();
    expect(app.ca?.agreementCode).toBe(CODES.agreement);

    // The same mail twice (a re-delivered IMAP message) is applied once.
    expect(
      await routeCaMail(deps, facts({ kind: 'subscriber-agreement' }), { eventId: 'camail:<2>' }),
    ).toEqual({
      status: 'duplicate',
    });
    // The applicant answers "done" in their own channel: the agreement code is deleted.
    const { runTurnOnApplication } = await import('../../src/conversation/run-turn.js');
    await runTurnOnApplication(services, 'AAA111', {
      actor: { channel: 'email', id: APPLICANT },
      event: { type: 'text', text: '完了' },
    });
    app = (await store.load('AAA111'))!.app;
    expect(app.ca).toEqual({ orderNumber: '1234567' });
    const audit = await store.audit('AAA111');
    expect(audit.map((a) => a.event)).toEqual(['ca-mail', 'ca-mail', 'text']);
    expect(audit[0]!.actor).toBe('email:ca-mail@sectigo.com');
    expect(logs.join('')).not.toContain(CODES.dcv);
    expect(logs.join('')).not.toContain(CODES.agreement);
  });

  it('a known different order number rules an application out; the order number alone matches', async () => {
    const { store, services, notify } = setup();
    await seed(store, 'AAA111', (a) => {
      a.ca = { orderNumber: '7654321' };
    });
    await seed(store, 'BBB222', (a) => {
      a.ca = { orderNumber: '1234567' };
      a.csr = {
        ...a.csr!,
        sans: ['renamed.example.jp'],
        commonName: 'renamed.example.jp',
        domain: 'renamed.example.jp',
      };
    });
    const r = await routeCaMail({ services, notify }, facts({ kind: 'subscriber-agreement' }));
    expect(r).toMatchObject({ status: 'applied', applicationId: 'BBB222' });
  });

  it('two applications that could match: nothing is applied and both applicants are asked, without the code', async () => {
    const { store, services, notify, told } = setup();
    await seed(store, 'AAA111');
    await seed(store, 'BBB222');
    const r = await routeCaMail({ services, notify }, facts({ kind: 'dcv', verificationCode: CODES.dcv }));
    expect(r).toEqual({ status: 'ambiguous', applicationIds: ['AAA111', 'BBB222'] });
    expect(told.map((t) => t.id)).toEqual(['AAA111', 'BBB222']);
    expect(text(told[0]!.replies)).toMatch(/AAA111, BBB222/);
    expect(text(told[0]!.replies)).not.toContain(CODES.dcv);
    expect((await store.load('AAA111'))!.app.answers.review).toBeUndefined();
  });

  it('the approval address narrows two matches down to one', async () => {
    const { store, services, notify } = setup();
    await seed(store, 'AAA111', (a) => {
      a.fields.approvalEmail = 'admin@example.co.jp';
    });
    await seed(store, 'BBB222', (a) => {
      a.fields.approvalEmail = 'webmaster@example.co.jp';
    });
    const r = await routeCaMail({ services, notify }, facts({ kind: 'dcv' }), {
      recipients: ['admin@example.co.jp'],
    });
    expect(r).toMatchObject({ status: 'applied', applicationId: 'AAA111' });
  });

  it('a concurrent answer by the applicant does not lose the CA mail: it is re-applied on the fresh state', async () => {
    const { store, services, notify } = setup();
    await seed(store, 'AAA111');
    const save = store.save.bind(store);
    let raced = false;
    store.save = async (request) => {
      if (!raced) {
        raced = true;
        // The applicant says "submitted" between the CA-mail turn's read and its write.
        const current = (await store.load('AAA111'))!;
        const app = structuredClone(current.app);
        app.answers.review = '2026-11-25T01:59:00.000Z';
        await save({ app, expectedVersion: current.version });
      }
      return save(request);
    };
    const r = await routeCaMail(
      { services, notify },
      facts({ kind: 'subscriber-agreement', verificationCode: CODES.agreement }),
    );
    expect(r).toMatchObject({ status: 'applied', applicationId: 'AAA111' });
    const app = (await store.load('AAA111'))!.app;
    expect(currentQuestion(app)?.id).toBe('wait.agreement');
    expect(app.ca?.agreementCode).toBe(CODES.agreement);
  });

  it('no match: nothing happens', async () => {
    const { services, notify, told } = setup();
    expect(await routeCaMail({ services, notify }, facts({ kind: 'dcv' }))).toEqual({ status: 'unmatched' });
    expect(told).toEqual([]);
  });
});

describe('caMailHandler (the email channel’s onRecognised)', () => {
  const recogniser = createCaMailRecogniser();
  const run = async (file: string, services: TurnServices, notify: Notify) => {
    const mail = await parseCaFixture(file);
    const recognition = recogniser.recognise(mail)!;
    return caMailHandler({ services, notify })(mail, recognition);
  };

  it('a forward by the applicant advances their application; by a stranger it matches nothing', async () => {
    const { store, services, notify } = setup();
    await seed(store, 'AAA111');
    expect(await run('gmail-forward-agreement-ja.eml', services, notify)).toMatchObject({
      status: 'applied',
      applicationId: 'AAA111',
    });
    expect(currentQuestion((await store.load('AAA111'))!.app)?.id).toBe('wait.agreement');

    const other = setup();
    await seed(other.store, 'AAA111', (a) => {
      a.members = [{ channel: 'email', id: 'someone@else.example' }];
    });
    expect(await run('gmail-forward-agreement-ja.eml', other.services, other.notify)).toEqual({
      status: 'unmatched',
    });
  });

  it('a forged mail reaches the applicant as a warning and changes nothing', async () => {
    const { store, services, notify, told } = setup();
    await seed(store, 'AAA111');
    expect(await run('forged-dmarc-fail-sectigo.eml', services, notify)).toMatchObject({ status: 'applied' });
    expect((await store.load('AAA111'))!.app.answers.review).toBeUndefined();
    expect(text(told[0]!.replies)).toMatch(/dmarc=fail/);
    expect(text(told[0]!.replies)).not.toContain(CODES.dcv);
  });
});
