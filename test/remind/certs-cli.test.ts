import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createCertsCommand } from '../../src/cli/certs.js';
import type { CliIo } from '../../src/cli/io.js';
import { renewalReminder } from '../../src/remind/message.js';
import { RedisCertificateRegistry } from '../../src/remind/registry.js';
import { useRedisServer } from '../support/redis-server.js';

const redis = useRedisServer();

async function cli(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const io: CliIo = { read: async () => Buffer.from(''), out: (t) => out.push(t), err: () => {} };
  const command = createCertsCommand({ env, clock: () => Date.parse('2026-09-01T00:00:00Z') });
  const code = await command(args, io);
  return { code, json: JSON.parse(out[0] ?? '{}') };
}

describe('evssl-bot certs', () => {
  const env = () => ({
    REDIS_URL: redis.url,
    DATA_KEYS: 'dev',
    REDIS_PREFIX: `c${randomBytes(3).toString('hex')}:`,
  });

  it('adds, lists, snoozes and removes a certificate, printing stable JSON', async () => {
    const e = env();
    const added = await cli(
      e,
      'add',
      '--domain',
      'WWW.Example.jp',
      '--expires',
      '2026-12-01',
      '--team',
      'web',
    );
    expect(added.code).toBe(0);
    expect(added.json).toMatchObject({
      ok: true,
      certificate: {
        domain: 'www.example.jp',
        team: 'web',
        notAfter: '2026-11-30T15:00:00.000Z',
        state: 'active',
      },
    });
    const id = added.json.certificate.id as string;
    const listed = await cli(e, 'list', '--team', 'web');
    expect(listed.json.certificates.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await cli(e, 'snooze', id, '10')).json.certificate.snoozedUntil).toBe('2026-09-11T00:00:00.000Z');
    expect((await cli(e, 'remove', id)).json).toEqual({ ok: true, removed: id });
    expect((await cli(e, 'list')).json).toEqual({ ok: true, certificates: [] });
    expect(await cli(e, 'remove', id)).toMatchObject({
      code: 1,
      json: { ok: false, error: { code: 'not_found' } },
    });
  });

  it('sets a team’s delivery without echoing addresses', async () => {
    const r = await cli(
      env(),
      'team',
      'web',
      '--slack',
      'C0WEB',
      '--email',
      'a@example.jp,b@example.jp',
      '--escalate',
      'U1',
    );
    expect(r.json).toEqual({ ok: true, team: { id: 'web', lang: 'ja', slackChannel: 'C0WEB', emails: 2 } });
  });

  it('sets a team’s holiday calendar and year-end closure, keeping the rest of its policy', async () => {
    const e = env();
    const first = await cli(e, 'team', 'web', '--holidays', 'none');
    expect(first.json).toMatchObject({ ok: true, team: { id: 'web', policy: { holidays: 'none' } } });
    const second = await cli(e, 'team', 'web', '--year-end-closure', 'off', '--slack', 'C0WEB');
    expect(second.json.team).toMatchObject({
      slackChannel: 'C0WEB',
      policy: { holidays: 'none', yearEndClosure: false },
    });
    const back = await cli(e, 'team', 'web', '--holidays', 'jp');
    expect(back.json.team.policy).toEqual({ holidays: 'jp', yearEndClosure: false });
    expect((await cli(e, 'team', 'web', '--holidays', 'us')).code).toBe(2);
    expect((await cli(e, 'team', 'web', '--year-end-closure', 'maybe')).code).toBe(2);
    expect((await cli(e, 'team', 'web')).json.team.policy).toEqual({ holidays: 'jp', yearEndClosure: false });
  });

  it('says tracking needs REDIS_URL (or the SQLite store) on the memory store', async () => {
    const r = await cli({ STORE: 'memory' }, 'list');
    expect(r).toMatchObject({ code: 2, json: { ok: false, error: { code: 'redis_required' } } });
  });

  it('keeps --contract on the tracked certificate, so its reminder says reissue or renewal', async () => {
    const e = env();
    const at = Date.parse('2026-11-20T01:00:00Z');
    const add = (domain: string, contract: string) =>
      cli(e, 'add', '--domain', domain, '--expires', '2026-12-01', '--team', 'web', '--contract', contract);
    const outlives = await add('a.example.jp', '2027-03-31');
    expect(outlives).toMatchObject({ code: 0, json: { certificate: { contractEnd: '2027-03-31' } } });
    const endsFirst = await add('b.example.jp', '2026-11-25');
    const client = new Redis(redis.url);
    try {
      const registry = new RedisCertificateRegistry(client, e.REDIS_PREFIX);
      const a = (await registry.get(outlives.json.certificate.id))!;
      expect(a.contractEnd).toBe('2027-03-31');
      const ja = renewalReminder({ cert: a, lang: 'ja', now: at });
      expect(ja.text).toContain('契約期間は 2027-03-31 まで続くため');
      expect(ja.text).toContain('再発行');
      const b = (await registry.get(endsFirst.json.certificate.id))!;
      expect(renewalReminder({ cert: b, lang: 'en', now: at }).text).toContain(
        'The contract ends on 2026-11-25: a renewal (更新申請) is needed.',
      );
      // Added again without --contract: the contract end stays.
      await cli(e, 'add', '--domain', 'a.example.jp', '--expires', '2026-12-01', '--team', 'web');
      expect((await registry.get(a.id))?.contractEnd).toBe('2027-03-31');
    } finally {
      client.disconnect();
    }
    for (const bad of ['2027-02-30', '2027/03/31', 'next year', '']) {
      expect(await add('c.example.jp', bad)).toMatchObject({
        code: 2,
        json: {
          ok: false,
          error: { code: 'usage', message: expect.stringContaining('--contract YYYY-MM-DD') },
        },
      });
    }
    expect((await cli(e, 'list', '--team', 'web')).json.certificates).toHaveLength(2);
  });

  it('refuses a bad date or command with a usage error', async () => {
    expect((await cli(env(), 'add', '--domain', 'x.jp', '--expires', 'soon')).code).toBe(2);
    expect((await cli(env(), 'frobnicate')).code).toBe(2);
  });
});
