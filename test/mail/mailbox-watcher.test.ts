import { once } from 'node:events';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { MailboxWatcher, type MessageSource, PROCESSED_FLAG } from '../../src/mail/mailbox-watcher.js';
import { MemoryMailState } from '../../src/mail/memory-mail-state.js';
import { parseMessage } from '../../src/mail/parse-message.js';
import { type DovecotServer, startDovecot } from '../support/dovecot.js';

const logger = createLogger({ level: 'silent' });
let dovecot: DovecotServer;
let seq = 0;

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

/** A fresh mailbox per test: each test reads its own folder, so tests never see each other's mail. */
async function freshFolder(): Promise<string> {
  const name = `T${++seq}`;
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: dovecot.bot,
    logger: false,
  });
  await client.connect();
  await client.mailboxCreate(name);
  await client.logout();
  return name;
}

/** Appends a message to a folder as a delivery would (LMTP only delivers to INBOX). */
async function append(folder: string, raw: string): Promise<void> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: dovecot.bot,
    logger: false,
  });
  await client.connect();
  await client.append(folder, raw);
  await client.logout();
}

const mail = (id: string, body = 'hello') =>
  `From: a@sakura-shoji.co.jp\r\nTo: bot@example.test\r\nSubject: test ${id}\r\nMessage-ID: <${id}@test>\r\n\r\n${body}\r\n`;

const watchers: MailboxWatcher[] = [];
afterEach(async () => {
  for (const w of watchers.splice(0)) await w.stop();
});

function watch(
  folder: string,
  state: MemoryMailState,
  seen: string[],
  extra: Partial<{ owner: string; maxBytes: number; fail: () => boolean; doneFolder: string }> = {},
) {
  const w = new MailboxWatcher({
    imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, auth: dovecot.bot },
    mailbox: folder,
    state,
    owner: extra.owner ?? 'instance-1',
    logger,
    maxBytes: extra.maxBytes ?? 1024 * 1024,
    ...(extra.doneFolder ? { doneFolder: extra.doneFolder } : {}),
    pollMs: 60_000,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    onMessage: async (source: MessageSource) => {
      if (extra.fail?.()) throw Object.assign(new Error('store down'), { code: 'ETEST' });
      if (source.type === 'oversized') {
        const head = await parseMessage(Buffer.concat([source.headers, Buffer.from('\r\n')]));
        seen.push(`oversized:${head.messageId}:${source.size}`);
      } else seen.push((await parseMessage(source.content as never)).messageId ?? '?');
    },
  });
  watchers.push(w);
  w.start();
  return w;
}

async function processed(w: MailboxWatcher, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await once(w.events, 'processed');
}

describe('MailboxWatcher against a real Dovecot', () => {
  it('reads each message once, flags it, and a restarted watcher neither repeats nor loses mail', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    await append(folder, mail('m1'));
    await append(folder, mail('m2'));
    const seen: string[] = [];
    const first = watch(folder, state, seen);
    await processed(first, 2);
    expect(seen).toEqual(['<m1@test>', '<m2@test>']);
    await first.stop();
    watchers.pop();

    await append(folder, mail('m3'));
    const second = watch(folder, state, seen);
    await processed(second, 1);
    expect(seen).toEqual(['<m1@test>', '<m2@test>', '<m3@test>']);
    const cp = await state.getCheckpoint(second.lockName);
    expect(cp?.lastUid).toBe(3);

    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: dovecot.bot,
      logger: false,
    });
    await client.connect();
    await client.mailboxOpen(folder);
    const flags = (await client.fetchAll('1:*', { flags: true })).map((m) => [...(m.flags ?? [])].sort());
    await client.logout();
    expect(flags).toEqual(Array(3).fill(['$EvsslProcessed', '\\Seen'].sort()));
    expect(PROCESSED_FLAG).toBe('$EvsslProcessed');
  });

  it('rescans a folder whose UIDVALIDITY changed, instead of skipping mail under the old checkpoint', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    await append(folder, mail('old1'));
    await append(folder, mail('old2'));
    const seen: string[] = [];
    const first = watch(folder, state, seen);
    await processed(first, 2);
    await first.stop();
    watchers.pop();
    // The folder is recreated (a server migration does the same): UIDs start again at 1.
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: dovecot.bot,
      logger: false,
    });
    await client.connect();
    await client.mailboxDelete(folder);
    await client.mailboxCreate(folder);
    await client.logout();
    await append(folder, mail('new1'));
    const second = watch(folder, state, seen);
    await processed(second, 1);
    expect(seen).toEqual(['<old1@test>', '<old2@test>', '<new1@test>']);
    expect((await state.getCheckpoint(second.lockName))?.lastUid).toBe(1);
  });

  it('picks up new mail through IDLE while connected, and after the server restarts', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    const seen: string[] = [];
    const w = watch(folder, state, seen);
    await once(w.events, 'idle');
    await append(folder, mail('idle1'));
    await processed(w, 1);
    const reconnected = once(w.events, 'connected');
    await dovecot.restart();
    await reconnected;
    await append(folder, mail('after-restart'));
    await processed(w, 1);
    expect(seen).toEqual(['<idle1@test>', '<after-restart@test>']);
  });

  it('leaves a message unprocessed when handling it fails, and handles it after reconnecting', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    let failures = 1;
    const seen: string[] = [];
    await append(folder, mail('flaky'));
    const w = watch(folder, state, seen, { fail: () => failures-- > 0 });
    const [code] = await once(w.events, 'disconnected');
    expect(code).toBe('ETEST');
    await processed(w, 1);
    expect(seen).toEqual(['<flaky@test>']);
  });

  it('lets only the lock holder read the mailbox', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    const seenA: string[] = [];
    const seenB: string[] = [];
    const a = watch(folder, state, seenA, { owner: 'A' });
    await once(a.events, 'idle');
    const b = watch(folder, state, seenB, { owner: 'B' });
    await once(b.events, 'lock-busy');
    await append(folder, mail('locked'));
    await processed(a, 1);
    expect(seenA).toEqual(['<locked@test>']);
    expect(seenB).toEqual([]);
  });

  it('moves processed mail to the done folder when one is configured', async () => {
    const folder = await freshFolder();
    const done = await freshFolder();
    const state = new MemoryMailState();
    await append(folder, mail('moved'));
    const w = watch(folder, state, [], { doneFolder: done });
    await processed(w, 1);
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: dovecot.bot,
      logger: false,
    });
    await client.connect();
    const left = await client.status(folder, { messages: true });
    const moved = await client.status(done, { messages: true });
    await client.logout();
    expect([(left || undefined)?.messages, (moved || undefined)?.messages]).toEqual([0, 1]);
  });

  it('never downloads a message over the size limit, only its headers', async () => {
    const folder = await freshFolder();
    const state = new MemoryMailState();
    const seen: string[] = [];
    await append(folder, mail('big', 'x'.repeat(5000)));
    const w = watch(folder, state, seen, { maxBytes: 1000 });
    await processed(w, 1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^oversized:<big@test>:\d{4}$/);
  });
});
