import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Application, newApplication } from '../../src/flow/state.js';
import type { ApplicationStore, ListFilter } from '../../src/store/application-store.js';

let seq = 0;
/** A fresh application with a unique id, so implementations sharing a server never collide. */
export function sampleApp(overrides: Partial<Application> = {}): Application {
  seq += 1;
  const app = newApplication({
    id: `T${process.pid.toString(36)}${Date.now().toString(36)}${seq}`.toUpperCase(),
    flow: 'acquire',
    lang: 'ja',
    actor: { channel: 'slack', id: 'T1:U1' },
    now: new Date('2026-11-25T00:00:00Z'),
  });
  return { ...app, ...overrides };
}

/** A CSR summary covering `domain` (also its common name) and `sans`. */
export function csrFor(domain: string, sans: string[]): NonNullable<Application['csr']> {
  return {
    pem: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----',
    domain,
    commonName: domain,
    sans,
    keyType: 'RSA',
    keySize: 2048,
    publicKeyFingerprint: 'sha256:00',
  };
}

export interface ContractOptions<S extends ApplicationStore> {
  /** Makes an application disappear as its expiry would (stores without expiry leave it out). */
  expire?: (store: S, id: string) => Promise<void>;
}

/**
 * The behaviour every ApplicationStore must have (memory, Redis, …): one suite, run against each
 * implementation, as in bullmq's adapter-conformance tests.
 */
export function applicationStoreContract<S extends ApplicationStore>(
  name: string,
  makeStore: () => Promise<S>,
  options: ContractOptions<S> = {},
): void {
  describe(`ApplicationStore contract: ${name}`, () => {
    let store: S;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns null for an application it never saw', async () => {
      expect(await store.load('NOPE000')).toBeNull();
    });

    it('creates at version 1 and loads back an equal application', async () => {
      const app = sampleApp({ fields: { phone: '+81312345678', name: 'Taro Yamada' } });
      expect(await store.save({ app, expectedVersion: 0 })).toMatchObject({ status: 'saved', version: 1 });
      const loaded = await store.load(app.id);
      expect(loaded).toEqual({ app, version: 1 });
    });

    it('bumps the version on each save and refuses a stale version with the current state', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      const v2 = { ...app, lang: 'en' as const };
      expect(await store.save({ app: v2, expectedVersion: 1 })).toMatchObject({
        status: 'saved',
        version: 2,
      });
      const stale = await store.save({ app: { ...app, flow: 'renew' }, expectedVersion: 1 });
      expect(stale.status).toBe('conflict');
      if (stale.status === 'conflict') expect(stale.current).toEqual({ app: v2, version: 2 });
      expect((await store.load(app.id))?.app.flow).toBe('acquire');
    });

    it('refuses to create an application twice', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      expect((await store.save({ app, expectedVersion: 0 })).status).toBe('conflict');
    });

    it('lets exactly one of many concurrent writers of the same version win', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.save({
            app: { ...app, answers: { n: String(i) } },
            expectedVersion: 1,
            eventId: `${app.id}-c${i}`,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'saved')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'conflict')).toHaveLength(9);
      const loaded = await store.load(app.id);
      expect(loaded?.version).toBe(2);
      const winner = results.findIndex((r) => r.status === 'saved');
      expect(loaded?.app.answers.n).toBe(String(winner));
      expect(await store.isProcessed(`${app.id}-c${winner}`, app.id)).toBe(true);
      const loser = winner === 0 ? 1 : 0;
      expect(await store.isProcessed(`${app.id}-c${loser}`, app.id)).toBe(false);
    });

    it('processes an event id once: a second save with it writes nothing', async () => {
      const app = sampleApp();
      const eventId = `${app.id}-evt`;
      expect(await store.isProcessed(eventId, app.id)).toBe(false);
      await store.save({
        app,
        expectedVersion: 0,
        eventId,
        audit: { at: app.createdAt, actor: 'slack:T1:U1', changed: ['start'] },
      });
      expect(await store.isProcessed(eventId, app.id)).toBe(true);
      const again = await store.save({
        app: { ...app, lang: 'en' },
        expectedVersion: 1,
        eventId,
        audit: { at: app.createdAt, actor: 'slack:T1:U1', changed: ['x'] },
        bind: [`dup:${app.id}`],
      });
      expect(again).toEqual({ status: 'duplicate' });
      expect(await store.load(app.id)).toEqual({ app, version: 1 });
      expect(await store.audit(app.id)).toHaveLength(1);
      expect(await store.resolve(`dup:${app.id}`)).toBeNull();
    });

    it('writes nothing of a refused save: no event id, audit entry or binding', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      const r = await store.save({
        app,
        expectedVersion: 5,
        eventId: `${app.id}-refused`,
        audit: { at: app.createdAt, actor: 'email:a@example.jp', changed: ['field.phone'] },
        bind: [`refused:${app.id}`],
      });
      expect(r.status).toBe('conflict');
      expect(await store.isProcessed(`${app.id}-refused`, app.id)).toBe(false);
      expect(await store.audit(app.id)).toEqual([]);
      expect(await store.resolve(`refused:${app.id}`)).toBeNull();
    });

    it('binds conversations to applications, in a save or on its own', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0, bind: [`slack:C1:${app.id}`, `email:<${app.id}@x>`] });
      expect(await store.resolve(`slack:C1:${app.id}`)).toBe(app.id);
      expect(await store.resolve(`email:<${app.id}@x>`)).toBe(app.id);
      await store.bind(`console:${app.id}`, app.id);
      expect(await store.resolve(`console:${app.id}`)).toBe(app.id);
      expect(await store.resolve(`console:none-${app.id}`)).toBeNull();
    });

    it('lists the conversations bound to an application, oldest first, in a save or on their own', async () => {
      const app = sampleApp();
      const thread = `slack:T1:C1:${app.id}.0001`;
      const mail = `email:<${app.id}@mail.example.jp>`;
      expect(await store.conversations(app.id)).toEqual([]);
      await store.save({ app, expectedVersion: 0, bind: [thread, mail] });
      await store.bind(`app:${app.id}`, app.id);
      expect(await store.conversations(app.id)).toEqual([thread, mail, `app:${app.id}`]);
      expect(await store.conversations(`NONE${app.id}`.slice(0, 60))).toEqual([]);
    });

    it('drops a conversation from an application once it is bound to another one', async () => {
      const first = sampleApp();
      const second = sampleApp();
      const thread = `slack:T1:C1:${first.id}.0002`;
      await store.save({ app: first, expectedVersion: 0, bind: [thread, `console:${first.id}`] });
      await store.save({ app: second, expectedVersion: 0, bind: [`slack:T1:C1:${second.id}.0003`] });
      await store.bind(thread, second.id);
      expect(await store.conversations(first.id)).toEqual([`console:${first.id}`]);
      expect(await store.conversations(second.id)).toEqual([`slack:T1:C1:${second.id}.0003`, thread]);
    });

    it('binds nothing of a refused save: its conversations stay unlisted', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      const r = await store.save({ app, expectedVersion: 0, bind: [`refused:${app.id}`] });
      expect(r.status).toBe('conflict');
      expect(await store.conversations(app.id)).toEqual([]);
    });

    it('keeps the audit trail in order', async () => {
      const app = sampleApp();
      await store.save({
        app,
        expectedVersion: 0,
        audit: { at: 'a', actor: 'console:me', changed: ['start'] },
      });
      await store.save({
        app,
        expectedVersion: 1,
        audit: { at: 'b', actor: 'console:me', step: 'prepare', changed: ['check.duns'], event: 'text' },
      });
      const trail = await store.audit(app.id);
      expect(trail.map((e) => e.at)).toEqual(['a', 'b']);
      expect(trail[1]).toEqual({
        at: 'b',
        actor: 'console:me',
        step: 'prepare',
        changed: ['check.duns'],
        event: 'text',
      });
    });

    it('lists applications by status and member', async () => {
      const mine = sampleApp({ members: [{ channel: 'slack', id: `T9:${seq}` }] });
      const other = sampleApp({
        status: 'cancelled',
        members: [{ channel: 'email', id: `x${seq}@example.jp` }],
      });
      await store.save({ app: mine, expectedVersion: 0 });
      await store.save({ app: other, expectedVersion: 0 });
      const byMember = await store.list({ member: `slack:${mine.members[0]!.id}` });
      expect(byMember.map((s) => s.app.id)).toEqual([mine.id]);
      const cancelled = await store.list({ status: 'cancelled' });
      expect(cancelled.map((s) => s.app.id)).toContain(other.id);
      expect(cancelled.map((s) => s.app.id)).not.toContain(mine.id);
    });

    it('lists an application under a member added later, and no longer once the member is removed', async () => {
      const applicant = { channel: 'slack' as const, id: `T7:U${seq}A` };
      const teammate = { channel: 'email' as const, id: `mate${seq}@example.jp` };
      const app = sampleApp({ members: [applicant] });
      const ids = async (member: string) => (await store.list({ member })).map((s) => s.app.id);
      await store.save({ app, expectedVersion: 0 });
      expect(await ids(`email:${teammate.id}`)).toEqual([]);
      await store.save({ app: { ...app, members: [applicant, teammate] }, expectedVersion: 1 });
      expect(await ids(`email:${teammate.id}`)).toEqual([app.id]);
      expect(await ids(`slack:${applicant.id}`)).toEqual([app.id]);
      // Saves that leave the members alone keep it listed.
      await store.save({ app: { ...app, members: [applicant, teammate], lang: 'en' }, expectedVersion: 2 });
      expect(await ids(`email:${teammate.id}`)).toEqual([app.id]);
      await store.save({ app: { ...app, members: [teammate] }, expectedVersion: 3 });
      expect(await ids(`slack:${applicant.id}`)).toEqual([]);
      expect(await ids(`email:${teammate.id}`)).toEqual([app.id]);
      expect((await store.list({ member: `email:${teammate.id}` }))[0]?.version).toBe(4);
    });

    it('lists by workspace: the applications with a Slack member of that workspace scope', async () => {
      const ws = `W${seq}x`;
      const here = sampleApp({ members: [{ channel: 'slack', id: `${ws}:U1` }] });
      const teammateHere = sampleApp({
        members: [
          { channel: 'email', id: `a${seq}@example.jp` },
          { channel: 'slack', id: `${ws}:U2` },
        ],
      });
      const longerScope = sampleApp({ members: [{ channel: 'slack', id: `${ws}y:U1` }] });
      const emailOnly = sampleApp({ members: [{ channel: 'email', id: `${ws}:U1` }] });
      for (const app of [here, teammateHere, longerScope, emailOnly])
        await store.save({ app, expectedVersion: 0 });
      const ids = async (workspace: string) => (await store.list({ workspace })).map((s) => s.app.id).sort();
      expect(await ids(ws)).toEqual([here.id, teammateHere.id].sort());
      expect(await ids(`${ws}y`)).toEqual([longerScope.id]);
      expect(await ids(`${ws}z`)).toEqual([]);
      // The workspace's last Slack member leaves: the application leaves the workspace.
      await store.save({
        app: { ...teammateHere, members: teammateHere.members.slice(0, 1) },
        expectedVersion: 1,
      });
      expect(await ids(ws)).toEqual([here.id]);
    });

    it('combines filters: status and member, status and workspace, member and workspace', async () => {
      const ws = `C${seq}w`;
      const member = { channel: 'slack' as const, id: `${ws}:U9` };
      const active = sampleApp({ members: [member] });
      const cancelled = sampleApp({ members: [member], status: 'cancelled' });
      const otherActive = sampleApp({ members: [{ channel: 'slack', id: `${ws}:U8` }] });
      for (const app of [active, cancelled, otherActive]) await store.save({ app, expectedVersion: 0 });
      const ids = async (filter: ListFilter) => (await store.list(filter)).map((s) => s.app.id).sort();
      const key = `slack:${member.id}`;
      expect(await ids({ member: key })).toEqual([active.id, cancelled.id].sort());
      expect(await ids({ member: key, status: 'cancelled' })).toEqual([cancelled.id]);
      expect(await ids({ member: key, status: 'active' })).toEqual([active.id]);
      expect(await ids({ member: key, status: 'issued' })).toEqual([]);
      expect(await ids({ workspace: ws, status: 'active' })).toEqual([active.id, otherActive.id].sort());
      expect(await ids({ member: key, workspace: ws })).toEqual([active.id, cancelled.id].sort());
      expect(await ids({ member: key, workspace: `${ws}-other` })).toEqual([]);
      // A status change is seen by the status filter at once.
      await store.save({ app: { ...active, status: 'cancelled' }, expectedVersion: 1 });
      expect(await ids({ member: key, status: 'cancelled' })).toEqual([active.id, cancelled.id].sort());
    });

    it('lists by host name and order number once the CSR and the order arrive (the members unchanged)', async () => {
      const host = `h${seq}.example.co.jp`;
      const order = `9${seq}001`;
      const app = sampleApp();
      const ids = async (filter: ListFilter) => (await store.list(filter)).map((s) => s.app.id);
      await store.save({ app, expectedVersion: 0 });
      expect(await ids({ hostName: host })).toEqual([]);
      expect(await ids({ orderNumber: order })).toEqual([]);
      // The CSR comes: the same members, so only the new terms can make it listed.
      const withCsr = { ...app, csr: csrFor(`www.${host}`, [`www.${host}`, `*.api.${host}`]) };
      await store.save({ app: withCsr, expectedVersion: 1 });
      expect(await ids({ hostName: host })).toEqual([app.id]);
      // Compared bare on both sides: case, a leading `www.` and `*.` do not matter.
      expect(await ids({ hostName: `WWW.${host.toUpperCase()}` })).toEqual([app.id]);
      expect(await ids({ hostName: `api.${host}` })).toEqual([app.id]);
      expect(await ids({ hostName: `*.api.${host}` })).toEqual([app.id]);
      expect(await ids({ hostName: `other.${host}` })).toEqual([]);
      expect(await ids({ orderNumber: order })).toEqual([]);
      // The first CA mail brings the order number.
      await store.save({ app: { ...withCsr, ca: { orderNumber: order } }, expectedVersion: 2 });
      expect(await ids({ orderNumber: order })).toEqual([app.id]);
      expect(await ids({ orderNumber: `${order}0` })).toEqual([]);
      expect(await ids({ hostName: host })).toEqual([app.id]);
      // Saves that change neither keep it listed, with the version they wrote.
      await store.save({
        app: { ...withCsr, ca: { orderNumber: order, approvalCode: 'X1' }, lang: 'en' },
        expectedVersion: 3,
      });
      const listed = await store.list({ orderNumber: order });
      expect(listed.map((s) => [s.app.id, s.version, s.app.lang])).toEqual([[app.id, 4, 'en']]);
      expect(await ids({ hostName: host })).toEqual([app.id]);
    });

    it('moves an application between host names and order numbers when its CSR or order changes', async () => {
      const [first, second] = [`m${seq}a.example.jp`, `m${seq}b.example.jp`];
      const [order1, order2] = [`7${seq}1`, `7${seq}2`];
      const app = sampleApp({ csr: csrFor(first, [first]), ca: { orderNumber: order1 } });
      const ids = async (filter: ListFilter) => (await store.list(filter)).map((s) => s.app.id);
      await store.save({ app, expectedVersion: 0 });
      expect(await ids({ hostName: first })).toEqual([app.id]);
      // A new CSR for another domain (the members, and here the order number, stay as they were).
      const moved = { ...app, csr: csrFor(second, [second]) };
      await store.save({ app: moved, expectedVersion: 1 });
      expect(await ids({ hostName: first })).toEqual([]);
      expect(await ids({ hostName: second })).toEqual([app.id]);
      expect(await ids({ orderNumber: order1 })).toEqual([app.id]);
      // The order is placed again under a new number; then the order number is dropped.
      await store.save({ app: { ...moved, ca: { orderNumber: order2 } }, expectedVersion: 2 });
      expect(await ids({ orderNumber: order1 })).toEqual([]);
      expect(await ids({ orderNumber: order2 })).toEqual([app.id]);
      await store.save({ app: { ...moved, ca: {} }, expectedVersion: 3 });
      expect(await ids({ orderNumber: order2 })).toEqual([]);
      expect(await ids({ hostName: second })).toEqual([app.id]);
      // Only the SANs change: a name added is listed, one removed no longer.
      await store.save({
        app: { ...moved, csr: csrFor(second, [second, `x.${second}`]) },
        expectedVersion: 4,
      });
      expect(await ids({ hostName: `x.${second}` })).toEqual([app.id]);
      await store.save({ app: { ...moved, csr: csrFor(second, [second]) }, expectedVersion: 5 });
      expect(await ids({ hostName: `x.${second}` })).toEqual([]);
    });

    it('combines host name and order number with status, member and each other', async () => {
      const host = `c${seq}.example.jp`;
      const order = `5${seq}0`;
      const member = { channel: 'email' as const, id: `o${seq}@example.jp` };
      const csr = csrFor(host, [host]);
      const active = sampleApp({ csr, ca: { orderNumber: order }, members: [member] });
      const cancelled = sampleApp({ csr, status: 'cancelled' });
      const otherOrder = sampleApp({ csr, ca: { orderNumber: `${order}9` } });
      for (const app of [active, cancelled, otherOrder]) await store.save({ app, expectedVersion: 0 });
      const ids = async (filter: ListFilter) => (await store.list(filter)).map((s) => s.app.id).sort();
      expect(await ids({ hostName: host })).toEqual([active.id, cancelled.id, otherOrder.id].sort());
      expect(await ids({ hostName: host, status: 'active' })).toEqual([active.id, otherOrder.id].sort());
      expect(await ids({ hostName: host, status: 'cancelled' })).toEqual([cancelled.id]);
      expect(await ids({ orderNumber: order, status: 'active' })).toEqual([active.id]);
      expect(await ids({ orderNumber: order, status: 'issued' })).toEqual([]);
      expect(await ids({ orderNumber: order, hostName: host })).toEqual([active.id]);
      expect(await ids({ orderNumber: order, hostName: `no.${host}` })).toEqual([]);
      expect(await ids({ hostName: host, member: `email:${member.id}` })).toEqual([active.id]);
      expect(await ids({ orderNumber: `${order}9`, member: `email:${member.id}` })).toEqual([]);
      // A status change is seen at once.
      await store.save({ app: { ...active, status: 'cancelled' }, expectedVersion: 1 });
      expect(await ids({ orderNumber: order, status: 'active' })).toEqual([]);
      expect(await ids({ hostName: host, status: 'cancelled' })).toEqual([active.id, cancelled.id].sort());
    });

    // Only stores that expire (memory with retention, Redis) have this case: the others do not register it.
    if (options.expire) {
      const expire = options.expire;
      it('does not list an application that expired, by member, workspace, host name or order number', async () => {
        const ws = `E${seq}x`;
        const member = { channel: 'slack' as const, id: `${ws}:U1` };
        const host = `x${seq}.example.jp`;
        const order = `3${seq}0`;
        const ca = { orderNumber: order };
        const gone = sampleApp({ members: [member], csr: csrFor(host, [host]), ca });
        const kept = sampleApp({ members: [member], csr: csrFor(host, [host]), ca });
        await store.save({ app: gone, expectedVersion: 0 });
        await store.save({ app: kept, expectedVersion: 0 });
        expect((await store.list({ member: `slack:${member.id}` })).map((s) => s.app.id).sort()).toEqual(
          [gone.id, kept.id].sort(),
        );
        await expire(store, gone.id);
        expect((await store.list({ member: `slack:${member.id}` })).map((s) => s.app.id)).toEqual([kept.id]);
        expect((await store.list({ workspace: ws })).map((s) => s.app.id)).toEqual([kept.id]);
        expect((await store.list({ hostName: host })).map((s) => s.app.id)).toEqual([kept.id]);
        expect((await store.list({ orderNumber: order })).map((s) => s.app.id)).toEqual([kept.id]);
        expect((await store.list()).map((s) => s.app.id)).not.toContain(gone.id);
        expect(await store.load(gone.id)).toBeNull();
      });
    }

    it('reads a turn in one call: binding, application and whether the event was processed', async () => {
      const app = sampleApp();
      const conversation = `turn:${app.id}`;
      expect(await store.loadForTurn(conversation, 'e0')).toEqual({
        applicationId: null,
        stored: null,
        duplicate: false,
      });
      await store.save({ app, expectedVersion: 0, eventId: `${app.id}-e1`, bind: [conversation] });
      const fresh = await store.loadForTurn(conversation, `${app.id}-e2`);
      expect(fresh).toEqual({ applicationId: app.id, stored: { app, version: 1 }, duplicate: false });
      const again = await store.loadForTurn(conversation, `${app.id}-e1`);
      // A store may answer from a cache and leave the duplicate to `save`; either way it is caught.
      if (!again.duplicate) {
        const r = await store.save({ app, expectedVersion: 1, eventId: `${app.id}-e1` });
        expect(r).toEqual({ status: 'duplicate' });
      }
      expect((await store.load(app.id))?.version).toBe(1);
    });

    it('sees another writer through loadForTurn + save: a stale read loses the compare-and-set', async () => {
      const app = sampleApp();
      const conversation = `stale:${app.id}`;
      await store.save({ app, expectedVersion: 0, bind: [conversation] });
      const read = await store.loadForTurn(conversation);
      await store.save({ app: { ...app, lang: 'en' }, expectedVersion: 1 });
      const r = await store.save({ app: { ...app, flow: 'renew' }, expectedVersion: read.stored!.version });
      expect(r.status).toBe('conflict');
      if (r.status === 'conflict') expect(r.current?.app.lang).toBe('en');
      const next = await store.loadForTurn(conversation);
      expect(next.stored?.version).toBe(2);
    });

    it('hands out copies: changing a loaded application changes nothing stored', async () => {
      const app = sampleApp();
      await store.save({ app, expectedVersion: 0 });
      const loaded = await store.load(app.id);
      loaded!.app.fields.phone = '+810000';
      expect((await store.load(app.id))?.app.fields.phone).toBeUndefined();
      await store.bind(`copy:${app.id}`, app.id);
      const read = await store.loadForTurn(`copy:${app.id}`);
      read.stored!.app.fields.phone = '+810000';
      expect((await store.loadForTurn(`copy:${app.id}`)).stored?.app.fields.phone).toBeUndefined();
    });
  });
}
