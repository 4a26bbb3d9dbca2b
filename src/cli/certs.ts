import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, type Env, readConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import type { RunningReminders } from '../remind/create-reminders.js';
import { HOLIDAY_CALENDARS, type HolidayCalendar } from '../remind/jp-holidays.js';
import { parseCalendarDate, parseDate } from '../remind/parse-date.js';
import { type CertificateRegistry, certificateId } from '../remind/registry.js';
import type { ReminderSchedule } from '../remind/scheduler.js';
import type { RemindPolicy, Team, TrackedCertificate } from '../remind/types.js';
import { openInstallation } from './installation.js';
import type { CliCommand, CliIo } from './io.js';

const USAGE = `evssl-bot certs add --domain D (--expires YYYY-MM-DD | --cert FILE) [--team T] [--validated YYYY-MM-DD]
                     [--contract YYYY-MM-DD]   (the SSL contract's last day: reissue or renewal)
evssl-bot certs list [--team T] [--limit N]
evssl-bot certs remove ID | --domain D [--team T]
evssl-bot certs snooze ID DAYS | ack ID | renewing ID | done ID | resume ID
evssl-bot certs team T [--slack CHANNEL_ID] [--email a@x,b@y] [--escalate U123|addr] [--lang ja|en]
                       [--holidays jp|none] [--year-end-closure on|off]`;

export interface CertsDeps {
  env?: Env;
  clock?: () => number;
}

type Fail = { code: string; message: string; exit: number };
const isFail = (x: unknown): x is Fail => typeof x === 'object' && x !== null && 'exit' in x;
const fail = (code: string, message: string, exit = 1): Fail => ({ code, message, exit });

/** Public view of a tracked certificate: stable field names for the CLI's JSON. */
function view(c: TrackedCertificate) {
  return {
    id: c.id,
    domain: c.domain,
    team: c.team,
    notAfter: c.notAfter,
    ...(c.notBefore ? { notBefore: c.notBefore } : {}),
    ...(c.contractEnd ? { contractEnd: c.contractEnd } : {}),
    source: c.source,
    state: c.state,
    ...(c.snoozedUntil ? { snoozedUntil: c.snoozedUntil } : {}),
    ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
    ...(c.lastRemindedAt ? { lastRemindedAt: c.lastRemindedAt } : {}),
  };
}

/**
 * `evssl-bot certs …`: the certificate registry lives in Redis (REDIS_URL) or in the SQLite file, never in
 * memory (a command's memory is gone when it exits).
 */
export function createCertsCommand(deps: CertsDeps = {}): CliCommand {
  return async (args, io) => {
    let config: ReturnType<typeof readConfig>;
    try {
      config = readConfig(deps.env ?? process.env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return report(io, fail('config_invalid', err.issues.join('; '), 2));
    }
    const installation = await openInstallation(config, createLogger({ level: 'silent' }), {
      applications: false,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
    if (!installation) {
      return report(
        io,
        fail(
          'redis_required',
          'certificate tracking needs REDIS_URL or the SQLite store (STORE=sqlite, the default): reminders must outlive the process',
          2,
        ),
      );
    }
    const { reminders } = installation;
    try {
      const result = await run(reminders, args, io);
      if (isFail(result)) return report(io, result);
      io.out(JSON.stringify({ ok: true, ...result }));
      return 0;
    } finally {
      await installation.close();
    }
  };
}

function report(io: CliIo, f: Fail): number {
  io.out(JSON.stringify({ ok: false, error: { code: f.code, message: f.message } }));
  if (f.exit === 2) io.err(USAGE);
  return f.exit;
}

async function run(
  r: RunningReminders<CertificateRegistry, ReminderSchedule>,
  args: string[],
  io: CliIo,
): Promise<Record<string, unknown> | Fail> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      domain: { type: 'string' },
      expires: { type: 'string' },
      cert: { type: 'string' },
      team: { type: 'string' },
      validated: { type: 'string' },
      contract: { type: 'string' },
      limit: { type: 'string' },
      slack: { type: 'string' },
      email: { type: 'string' },
      escalate: { type: 'string' },
      lang: { type: 'string' },
      holidays: { type: 'string' },
      'year-end-closure': { type: 'string' },
    },
  });
  const [sub, id, extra] = positionals;
  const team = values.team ?? r.defaultTeam;
  const s = r.service;
  const one = (c: TrackedCertificate | null) =>
    c ? { certificate: view(c) } : fail('not_found', 'no such certificate');
  switch (sub) {
    case 'add': {
      if (!values.domain) return fail('usage', '--domain is required', 2);
      let notAfter = values.expires ? parseDate(values.expires) : undefined;
      let notBefore: string | undefined;
      if (values.cert) {
        const x = new X509Certificate(await io.read(values.cert));
        notAfter = new Date(x.validTo).toISOString();
        notBefore = new Date(x.validFrom).toISOString();
      }
      if (!notAfter) return fail('usage', '--expires YYYY-MM-DD (or --cert FILE) is required', 2);
      const validatedAt = values.validated ? parseDate(values.validated) : undefined;
      // The contract's last day, kept as the calendar day (YYYY-MM-DD, Tokyo) the reminders compare.
      const contractEnd = values.contract?.trim();
      if (
        contractEnd !== undefined &&
        !(/^\d{4}-\d{2}-\d{2}$/.test(contractEnd) && parseCalendarDate(contractEnd))
      )
        return fail('usage', "--contract YYYY-MM-DD (the SSL contract's last day)", 2);
      const c = await s.track({
        domain: values.domain,
        team,
        notAfter,
        source: 'manual',
        ...(notBefore ? { notBefore } : {}),
        ...(validatedAt ? { validatedAt } : {}),
        ...(contractEnd ? { contractEnd } : {}),
      });
      return { certificate: view(c) };
    }
    case 'list': {
      const limit = values.limit ? Number(values.limit) : 1000;
      const list = await r.registry.list({ ...(values.team ? { team: values.team } : {}), limit });
      list.sort((a, b) => a.notAfter.localeCompare(b.notAfter));
      return { certificates: list.map(view) };
    }
    case 'remove': {
      const target = id ?? (values.domain ? certificateId(team, values.domain) : undefined);
      if (!target) return fail('usage', 'give an ID or --domain', 2);
      return (await s.remove(target)) ? { removed: target } : fail('not_found', 'no such certificate');
    }
    case 'snooze': {
      const days = Number(extra);
      if (!id || !Number.isInteger(days) || days < 1 || days > 365)
        return fail('usage', 'snooze ID DAYS (1-365)', 2);
      return one(await s.snooze(id, days));
    }
    case 'ack':
      return id ? one(await s.ack(id)) : fail('usage', 'ack ID', 2);
    case 'renewing':
    case 'done':
      return id ? one(await s.stop(id, sub)) : fail('usage', `${sub} ID`, 2);
    case 'resume':
      return id ? one(await s.resume(id)) : fail('usage', 'resume ID', 2);
    case 'team': {
      if (!id) return fail('usage', 'team T', 2);
      const policy = teamPolicy(values.holidays, values['year-end-closure']);
      if (isFail(policy)) return policy;
      const cur = (await r.registry.getTeam(id)) ?? { id, lang: 'ja' as const, emails: [] };
      const next: Team = {
        ...cur,
        ...(values.slack ? { slackChannel: values.slack } : {}),
        ...(values.email
          ? {
              emails: values.email
                .split(',')
                .map((e) => e.trim())
                .filter(Boolean),
            }
          : {}),
        ...(values.escalate ? { escalation: values.escalate } : {}),
        ...(values.lang === 'en' || values.lang === 'ja' ? { lang: values.lang } : {}),
        // Only the options given change: the rest of a stored policy (and its defaults) stays.
        ...(Object.keys(policy).length > 0 ? { policy: { ...cur.policy, ...policy } } : {}),
      };
      await r.registry.putTeam(next);
      return {
        team: {
          id: next.id,
          lang: next.lang,
          slackChannel: next.slackChannel,
          emails: next.emails.length,
          ...(next.policy ? { policy: next.policy } : {}),
        },
      };
    }
    default:
      return fail('usage', `unknown certs command ${sub ?? ''}`.trim(), 2);
  }
}

/** `--holidays jp|none` and `--year-end-closure on|off` as a partial team policy (empty when neither is given). */
function teamPolicy(holidays?: string, closure?: string): Partial<RemindPolicy> | Fail {
  const out: Partial<RemindPolicy> = {};
  if (holidays !== undefined) {
    if (!HOLIDAY_CALENDARS.includes(holidays as HolidayCalendar))
      return fail('usage', '--holidays is jp (Japanese national holidays) or none', 2);
    out.holidays = holidays as HolidayCalendar;
  }
  if (closure !== undefined) {
    if (closure !== 'on' && closure !== 'off') return fail('usage', '--year-end-closure is on or off', 2);
    out.yearEndClosure = closure === 'on';
  }
  return out;
}

export const certsCommand: CliCommand = createCertsCommand();
