import type { Logger } from 'pino';
import type { Lang } from '../flow/types.js';
import type { ReminderNotifier } from '../remind/notifier.js';
import type { Team, TrackedCertificate } from '../remind/types.js';
import type { SiteCheckOptions, SiteCheckResult } from './site-check.js';

/** What the daily run reads and claims (the reminders' Redis registry implements it). */
export interface SiteWatchRegistry {
  list(options?: { limit?: number }): Promise<TrackedCertificate[]>;
  getTeam(id: string): Promise<Team | null>;
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  releaseOnce(key: string): Promise<void>;
}

export interface SiteWatchOptions {
  registry: SiteWatchRegistry;
  notifier: ReminderNotifier;
  checkSite: (host: string, opts: SiteCheckOptions) => Promise<SiteCheckResult>;
  logger: Logger;
  clock: () => Date;
  /** A certificate issued this many days ago and still not served nudges the team (default 3). */
  notInstalledDays?: number;
  /** Most certificates checked per run. */
  limit?: number;
}

export type SiteVerdict =
  | { certId: string; type: 'installed' }
  | { certId: string; type: 'not-installed-yet'; days: number }
  | { certId: string; type: 'not-installed' | 'differs' | 'broken'; days: number; nudged: boolean }
  | { certId: string; type: 'unreachable' | 'skipped' };

/**
 * Once a day, for every tracked certificate with a known serial: is the issued certificate what the site
 * serves? A certificate issued `notInstalledDays` ago and still not served (the site serves the old
 * one), or a served certificate that is neither the tracked one nor older (someone installed another),
 * or the tracked one served with a broken chain or host name, nudges the team once per day and reason
 * (a claim in Redis, so several instances send one). A site that cannot be reached is only logged: it
 * may sit behind a firewall this machine is outside of.
 */
export async function runSiteWatch(opts: SiteWatchOptions): Promise<SiteVerdict[]> {
  const now = opts.clock();
  const after = opts.notInstalledDays ?? 3;
  const out: SiteVerdict[] = [];
  for (const cert of await opts.registry.list({ limit: opts.limit ?? 10_000 })) {
    if (!cert.serialNumber || cert.state === 'done' || Date.parse(cert.notAfter) < now.getTime()) {
      out.push({ certId: cert.id, type: 'skipped' });
      continue;
    }
    const r = await opts.checkSite(cert.domain, {
      now,
      timeoutMs: 10_000,
      expect: { serialNumber: cert.serialNumber, notAfter: cert.notAfter },
    });
    if (r.kind === 'unreachable') {
      opts.logger.info({ certId: cert.id, code: r.code }, 'site check: not reachable from here');
      out.push({ certId: cert.id, type: 'unreachable' });
      continue;
    }
    const since = Date.parse(cert.notBefore ?? cert.createdAt);
    const days = Math.floor((now.getTime() - since) / 86_400_000);
    if (r.isIssued && r.ok) {
      out.push({ certId: cert.id, type: 'installed' });
      continue;
    }
    const type = r.isIssued ? 'broken' : r.oldStillServed ? 'not-installed' : 'differs';
    if (type === 'not-installed' && days < after) {
      out.push({ certId: cert.id, type: 'not-installed-yet', days });
      continue;
    }
    const nudged = await nudge(opts, cert, type, r, days, now);
    out.push({ certId: cert.id, type, days, nudged });
  }
  return out;
}

async function nudge(
  opts: SiteWatchOptions,
  cert: TrackedCertificate,
  type: 'not-installed' | 'differs' | 'broken',
  r: Extract<SiteCheckResult, { kind: 'served' }>,
  days: number,
  now: Date,
): Promise<boolean> {
  const team = await opts.registry.getTeam(cert.team);
  if (!team || (!team.slackChannel && team.emails.length === 0)) return false;
  const key = `site:${cert.id}:${cert.generation}:${type}:${now.toISOString().slice(0, 10)}`;
  if (!(await opts.registry.claimOnce(key, 2 * 86_400))) return false;
  const text = message(team.lang, cert, type, r, days);
  try {
    if (team.slackChannel) await opts.notifier.slack(team.slackChannel, text);
    if (team.emails.length > 0) await opts.notifier.email(team.emails, subject(team.lang, cert), text);
    return true;
  } catch (err) {
    await opts.registry.releaseOnce(key);
    opts.logger.warn({ certId: cert.id, err: (err as Error).name }, 'site check nudge not delivered');
    return false;
  }
}

function subject(lang: Lang, cert: TrackedCertificate): string {
  return lang === 'ja'
    ? `[evssl-bot] ${cert.domain} の配信中の証明書を確認してください`
    : `[evssl-bot] Check the certificate ${cert.domain} serves`;
}

function message(
  lang: Lang,
  cert: TrackedCertificate,
  type: 'not-installed' | 'differs' | 'broken',
  r: Extract<SiteCheckResult, { kind: 'served' }>,
  days: number,
): string {
  const served = r.certificate;
  const ja = lang === 'ja';
  const head = {
    'not-installed': ja
      ? `${cert.domain}: 証明書（シリアル ${cert.serialNumber}）は ${days} 日前に発行されましたが、まだインストールされていません。サイトは以前の証明書（${served.notAfter.slice(0, 10)} まで）を配信しています。新しい証明書と中間証明書をインストールし、Webサーバーを再読み込みしてください。`
      : `${cert.domain}: the certificate issued ${days} days ago (serial ${cert.serialNumber}) is still not installed; the site serves the old one (until ${served.notAfter.slice(0, 10)}). Install the new certificate and intermediate, then reload the web server.`,
    differs: ja
      ? `${cert.domain}: サイトが配信している証明書（シリアル ${served.serialNumber}、${served.notAfter.slice(0, 10)} まで）は、追跡中の証明書（シリアル ${cert.serialNumber}）ではありません。別の証明書がインストールされたなら「certs add --cert」で登録し直してください。`
      : `${cert.domain}: the site serves a certificate (serial ${served.serialNumber}, until ${served.notAfter.slice(0, 10)}) that is not the tracked one (serial ${cert.serialNumber}). If another certificate was installed on purpose, track it with "certs add --cert".`,
    broken: ja
      ? `${cert.domain}: 発行された証明書は配信されていますが、問題があります。`
      : `${cert.domain}: the issued certificate is served, but something is wrong.`,
  }[type];
  const problems = r.problems.filter(
    (p) => p.code !== 'site.old-certificate' && p.code !== 'site.serial-mismatch',
  );
  const lines = problems.map((p) => `- ${p.message[lang]}`);
  const check = `evssl-bot check-site ${cert.domain}`;
  return [head, ...lines, ja ? `確認: ${check}` : `Check: ${check}`].join('\n');
}
