import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCertsCommand } from '../../src/cli/certs.js';
import { openInstallation } from '../../src/cli/installation.js';
import type { CliIo } from '../../src/cli/io.js';
import { createExportCommand, createImportCommand } from '../../src/cli/transfer.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { useRedisServer } from '../support/redis-server.js';
import { sampleApp } from './contract.js';

// Moving an installation from the embedded SQLite file to Redis (issue: "export FILE / import FILE, the
// same format from either store; a test moves a populated SQLite store into Redis and reads it back").
const dir = mkdtempSync(join(tmpdir(), 'evssl-transfer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const redis = useRedisServer();
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const logger = createLogger({ level: 'silent' });

async function cli(cmd: ReturnType<typeof createExportCommand>, ...args: string[]) {
  const out: string[] = [];
  const io: CliIo = { read: async (p) => readFileSync(p), out: (t) => out.push(t), err: () => {} };
  const code = await cmd(args, io);
  return { code, json: JSON.parse(out[0] ?? '{}') };
}

describe('evssl-bot export / import: SQLite → Redis', () => {
  it('moves applications (bindings, audit) and tracked certificates (teams, reminders) and reads them back', async () => {
    const sqliteEnv = { DATA_DIR: join(dir, 'sqlite'), DATA_KEYS: KEYS };
    const redisEnv = { REDIS_URL: redis.url, DATA_KEYS: KEYS, REDIS_PREFIX: `t${Date.now()}:` };

    // A populated embedded installation: two applications (one with three audit lines), a certificate.
    const src = (await openInstallation(readConfig(sqliteEnv), logger, { applications: true }))!;
    const a = sampleApp({ fields: { phone: '+81312345678', name: 'Taro Yamada' } });
    const b = sampleApp({ status: 'issued' });
    let r = await src.store.save({
      app: a,
      expectedVersion: 0,
      bind: ['slack:T1:C1:1700000000.000100', 'email:<root@sakura-shoji.co.jp>'],
      audit: { at: '2026-11-25T00:00:00Z', actor: 'slack:T1:U1', changed: ['flow'], event: 'text' },
    });
    for (const step of ['prepare', 'csr'] as const) {
      r = await src.store.save({
        app: { ...a, step } as typeof a,
        expectedVersion: r.status === 'saved' ? r.version : 0,
        audit: { at: '2026-11-26T00:00:00Z', actor: 'slack:T1:U1', step, changed: ['field.phone'] },
      });
    }
    await src.store.save({ app: b, expectedVersion: 0, bind: ['console:local:taro'] });
    // The email thread of `a` (who is answered, the References) and two CT cursors.
    const thread = {
      applicationId: a.id,
      to: ['taro@sakura-shoji.co.jp'],
      references: ['<root@sakura-shoji.co.jp>', '<r1@evssl-bot.example.jp>'],
    };
    await src.mail.setThread(thread);
    await src.ct.setCursor('www.example.jp', '9001');
    await src.ct.markPolled('shop.example.jp');
    const before = {
      a: await src.store.load(a.id),
      b: await src.store.load(b.id),
      auditA: await src.store.audit(a.id),
    };
    await src.close();
    const certs = createCertsCommand({ env: sqliteEnv, clock: () => NOW });
    expect((await cli(certs, 'team', 'web', '--slack', 'C0WEB', '--lang', 'en')).code).toBe(0);
    expect(
      (
        await cli(
          certs,
          'add',
          '--domain',
          'www.example.jp',
          '--expires',
          '2027-03-01',
          '--team',
          'web',
          '--contract',
          '2027-09-30',
        )
      ).code,
    ).toBe(0);

    const file = join(dir, 'move.jsonl');
    const exported = await cli(createExportCommand({ env: sqliteEnv, clock: () => NOW }), file);
    expect(exported).toMatchObject({ code: 0, json: { ok: true, applications: 2, certificates: 1 } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Sealed: no personal data in the file.
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('+81312345678');
    expect(text).not.toContain('Taro Yamada');
    expect(text).not.toContain('www.example.jp');
    expect(text).not.toContain('taro@sakura-shoji.co.jp');

    const imported = await cli(createImportCommand({ env: redisEnv, clock: () => NOW }), file);
    expect(imported).toMatchObject({
      code: 0,
      json: { ok: true, applications: 2, certificates: 1, threads: 1, ctCursors: 2, skipped: 0 },
    });

    const dst = (await openInstallation(readConfig(redisEnv), logger, {
      applications: true,
      clock: () => NOW,
    }))!;
    try {
      expect((await dst.store.load(a.id))?.app).toEqual(before.a?.app);
      expect((await dst.store.load(b.id))?.app).toEqual(before.b?.app);
      expect(await dst.store.audit(a.id)).toEqual(before.auditA);
      expect(await dst.store.resolve('slack:T1:C1:1700000000.000100')).toBe(a.id);
      expect(await dst.store.resolve('email:<root@sakura-shoji.co.jp>')).toBe(a.id);
      expect(await dst.store.resolve('console:local:taro')).toBe(b.id);
      // The next reply goes on in the same mail thread; the CT watch goes on from its cursors.
      expect(await dst.mail.getThread(a.id)).toEqual(thread);
      expect(await dst.ct.cursor('www.example.jp')).toBe('9001');
      expect(await dst.ct.polled('shop.example.jp')).toBe(true);
      const [cert] = await dst.reminders.registry.list();
      expect(cert).toMatchObject({ domain: 'www.example.jp', team: 'web', contractEnd: '2027-09-30' });
      expect(cert?.pendingJob).toBeDefined(); // its next reminder is queued in the target
      expect(await dst.reminders.registry.getTeam('web')).toMatchObject({
        slackChannel: 'C0WEB',
        lang: 'en',
      });
    } finally {
      await dst.close();
    }

    // A second run skips what is there (a move interrupted part way is finished by running it again).
    const again = await cli(createImportCommand({ env: redisEnv }), file);
    expect(again).toMatchObject({
      code: 0,
      json: { applications: 0, certificates: 0, threads: 0, ctCursors: 0, skipped: 3 },
    });
  });

  it('writes nothing from a file cut short, tampered with, or sealed with other keys', async () => {
    const sqliteEnv = { DATA_DIR: join(dir, 'sqlite2'), DATA_KEYS: KEYS };
    const src = (await openInstallation(readConfig(sqliteEnv), logger, { applications: true }))!;
    const app = sampleApp();
    await src.store.save({ app, expectedVersion: 0, bind: ['console:local:hanako'] });
    await src.close();
    const file = join(dir, 'bad.jsonl');
    expect((await cli(createExportCommand({ env: sqliteEnv }), file)).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const redisEnv = { REDIS_URL: redis.url, DATA_KEYS: KEYS, REDIS_PREFIX: `u${Date.now()}:` };
    const otherKeys = { ...redisEnv, DATA_KEYS: `k9:${randomBytes(32).toString('base64')}` };
    const cases: Array<[string, Record<string, string>, string]> = [
      ['cut short', redisEnv, lines.slice(0, -1).join('\n')],
      ['tampered', redisEnv, lines.map((l, i) => (i === 1 ? l.replace(/"ct":"./, '"ct":"A') : l)).join('\n')],
      ['other keys', otherKeys, lines.join('\n')],
      ['not an export', redisEnv, '{"hello":1}'],
    ];
    for (const [name, env, content] of cases) {
      writeFileSync(file, content);
      const r = await cli(createImportCommand({ env }), file);
      expect(r, name).toMatchObject({ code: 1, json: { ok: false, error: { code: 'export_invalid' } } });
    }
    const dst = (await openInstallation(readConfig(redisEnv), logger, { applications: true }))!;
    expect(await dst.store.load(app.id)).toBeNull();
    await dst.close();
    // Usage and the memory store: exit 2.
    expect((await cli(createImportCommand({ env: redisEnv }))).code).toBe(2);
    expect((await cli(createExportCommand({ env: { STORE: 'memory' } }), file)).json.error.code).toBe(
      'store_required',
    );
  });
});
