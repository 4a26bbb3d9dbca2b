import type { Notify } from '../camail/notify.js';
import { runTurnOnApplication, type TurnServices } from '../conversation/run-turn.js';
import { codeOf } from '../errors.js';
import type { CtIssuanceFacts } from '../flow/ct-issuance.js';
import { isAnswered } from '../flow/progress.js';
import { questionsFor } from '../flow/questions.js';
import type { Reply } from '../flow/replies.js';
import type { Application } from '../flow/state.js';
import type { Logger } from '../log/logger.js';
import { type CtIssuance, type CtSource, isSectigo, nameCovers } from './ct-source.js';
import type { CtState } from './ct-state.js';

/** A domain whose certificates a team owns (the reminders' tracked certificates), or an issued application's. */
export interface WatchedDomain {
  domain: string;
  team?: string;
  /** The issued application the domain's certificate came from (its applicant hears an alert when no team does). */
  applicationId?: string;
  /** The team's tracked certificates for the domain (the reminders' registry). */
  tracked?: TrackedCertificateFacts[];
}

/**
 * What identifies a tracked certificate in CT: its key (SHA-256 of the SubjectPublicKeyInfo, hex) when
 * known, else its validity: an issuance with exactly its notBefore and notAfter (to the second) for a
 * name of its domain is that certificate (a precertificate shares them). The registry keeps the dates.
 */
export interface TrackedCertificateFacts {
  publicKeyFingerprint?: string;
  notBefore?: string;
  notAfter: string;
}

/** An issuance for a watched domain whose key matches no application: someone else got a certificate. */
export interface UnappliedCertificate {
  issuance: CtIssuance;
  domain: WatchedDomain;
}

/** Delivers one alert (to the team, else the domain's applicant); false when nobody could be told. */
export type CtAlert = (alert: UnappliedCertificate) => Promise<boolean>;

export interface CtWatchDeps {
  services: TurnServices;
  state: CtState;
  notify: Notify;
  alert: CtAlert;
  logger: Logger;
  /** The team-tracked domains and their certificates (the reminders' registry); none without one. */
  trackedDomains?: () => Promise<WatchedDomain[]>;
}

export interface SweepReport {
  domains: number;
  issuances: number;
  issuedPerCt: number;
  alerts: number;
  failedDomains: number;
}

/** Steps 5-9: the applicant submitted in the panel (review answered) and the application is open. */
function isWaiting(app: Application): boolean {
  if (app.status !== 'active' || !app.csr) return false;
  const review = questionsFor(app.flow).find((q) => q.id === 'review');
  return review !== undefined && isAnswered(app, review);
}

/** A certificate name concerns a watched domain: the domain, a name under it, or a wildcard covering it. */
function concerns(name: string, domain: string): boolean {
  const bare = name.toLowerCase().replace(/^\*\./, '');
  return nameCovers(name, domain) || bare === domain || bare.endsWith(`.${domain}`);
}

function hostsOf(app: Application): string[] {
  const names = [app.csr?.domain, ...(app.csr?.sans ?? [])].filter((n): n is string => Boolean(n));
  return [...new Set(names.map((n) => n.toLowerCase().replace(/^\*\./, '')))];
}

const sameInstant = (a: string, b: string) => {
  const x = Date.parse(a);
  return !Number.isNaN(x) && x === Date.parse(b);
};

function isCertificate(issuance: CtIssuance, c: TrackedCertificateFacts): boolean {
  if (c.publicKeyFingerprint)
    return c.publicKeyFingerprint.toLowerCase() === issuance.pubkeySha256.toLowerCase();
  return (
    c.notBefore !== undefined &&
    sameInstant(c.notBefore, issuance.notBefore) &&
    sameInstant(c.notAfter, issuance.notAfter)
  );
}

/** The issuance is one of the team's tracked certificates (or on one's key), for a domain it names. */
function isTracked(issuance: CtIssuance, watched: Map<string, WatchedDomain>): boolean {
  return [...watched.values()].some(
    (w) =>
      w.tracked?.some((c) => isCertificate(issuance, c)) &&
      issuance.dnsNames.some((n) => concerns(n, w.domain)),
  );
}

/**
 * The Certificate Transparency watch: for applications waiting at steps 5-9, an issuance whose key is
 * the CSR's and whose issuer is Sectigo makes the application "issued per CT" and tells its applicant
 * (never closes it: the certificate itself is still checked); for the team's domains, an issuance whose
 * key belongs to no application and that is none of the team's tracked certificates is alerted once per
 * certificate. A domain's first poll is a baseline: what was issued before the watch began is not
 * alerted (it still tells a waiting applicant).
 */
export class CtWatch {
  constructor(private readonly deps: CtWatchDeps) {}

  /** The domains to poll now: waiting applications' names and the team-tracked domains. */
  async domains(): Promise<{ watched: Map<string, WatchedDomain>; apps: Application[] }> {
    const { store } = this.deps.services;
    const all = [
      ...(await store.list({ status: 'active' })),
      ...(await store.list({ status: 'issued' })),
    ].map((s) => s.app);
    const watched = new Map<string, WatchedDomain>();
    for (const app of all.filter(isWaiting)) for (const h of hostsOf(app)) watched.set(h, { domain: h });
    for (const app of all.filter((a) => a.status === 'issued' && a.csr)) {
      for (const h of hostsOf(app)) watched.set(h, { domain: h, applicationId: app.id, ...watched.get(h) });
    }
    for (const d of (await this.deps.trackedDomains?.()) ?? []) {
      const domain = d.domain.toLowerCase().replace(/^\*\./, '');
      const prior = watched.get(domain);
      // Several teams may track one domain: every one's certificates count.
      const tracked = [...(prior?.tracked ?? []), ...(d.tracked ?? [])];
      watched.set(domain, { ...prior, ...d, domain, ...(tracked.length > 0 ? { tracked } : {}) });
    }
    return { watched, apps: all };
  }

  /** One poll of every watched domain through `source`, each resumed from its stored cursor. */
  async sweep(source: CtSource): Promise<SweepReport> {
    const { watched, apps } = await this.domains();
    const report: SweepReport = {
      domains: watched.size,
      issuances: 0,
      issuedPerCt: 0,
      alerts: 0,
      failedDomains: 0,
    };
    const seen = new Set<string>();
    for (const domain of watched.values()) {
      const baseline = !(await this.deps.state.polled(domain.domain));
      try {
        for await (const page of source.issuancesAfter(
          domain.domain,
          await this.deps.state.cursor(domain.domain),
        )) {
          for (const issuance of page.issuances) {
            if (seen.has(issuance.tbsSha256)) continue;
            seen.add(issuance.tbsSha256);
            report.issuances++;
            const r = await this.consider(issuance, apps, baseline ? undefined : watched);
            report.issuedPerCt += r.issuedPerCt;
            report.alerts += r.alerts;
          }
          if (page.cursor) await this.deps.state.setCursor(domain.domain, page.cursor);
        }
        await this.deps.state.markPolled(domain.domain);
      } catch (err) {
        report.failedDomains++;
        const code = codeOf(err);
        this.deps.logger.warn(
          { component: 'ct', source: source.name, code },
          'CT poll of a domain failed; resumes next time',
        );
      }
    }
    return report;
  }

  /** Issuances pushed to the bot (the webhook): alerted only for domains already polled or tracked. */
  async receive(issuances: CtIssuance[]): Promise<{ issuedPerCt: number; alerts: number }> {
    const { watched, apps } = await this.domains();
    const out = { issuedPerCt: 0, alerts: 0 };
    const seen = new Set<string>();
    for (const issuance of issuances) {
      if (seen.has(issuance.tbsSha256)) continue;
      seen.add(issuance.tbsSha256);
      const r = await this.consider(issuance, apps, watched);
      out.issuedPerCt += r.issuedPerCt;
      out.alerts += r.alerts;
    }
    return out;
  }

  /** `watched` undefined: a baseline (never alert). */
  private async consider(
    issuance: CtIssuance,
    apps: Application[],
    watched: Map<string, WatchedDomain> | undefined,
  ): Promise<{ issuedPerCt: number; alerts: number }> {
    const key = issuance.pubkeySha256.toLowerCase();
    const owners = apps.filter((a) => a.csr?.publicKeyFingerprint.toLowerCase() === key);
    let issuedPerCt = 0;
    if (isSectigo(issuance)) {
      for (const app of owners.filter(isWaiting)) if (await this.issuedPerCt(app, issuance)) issuedPerCt++;
    }
    if (owners.length > 0 || !watched) return { issuedPerCt, alerts: 0 };
    if (isTracked(issuance, watched)) {
      this.deps.logger.debug({ component: 'ct' }, 'CT: a tracked certificate of the team');
      return { issuedPerCt, alerts: 0 };
    }
    const domain = [...watched.values()].find(
      (w) =>
        (w.team !== undefined || w.applicationId !== undefined) &&
        issuance.dnsNames.some((n) => concerns(n, w.domain)),
    );
    if (!domain) return { issuedPerCt, alerts: 0 };
    if (!(await this.deps.state.claimAlert(issuance.tbsSha256))) return { issuedPerCt, alerts: 0 };
    const delivered = await this.deps.alert({ issuance, domain });
    this.deps.logger.info(
      { component: 'ct', delivered, team: domain.team },
      'CT: a certificate nobody applied for',
    );
    return { issuedPerCt, alerts: 1 };
  }

  private async issuedPerCt(app: Application, issuance: CtIssuance): Promise<boolean> {
    const facts: CtIssuanceFacts = {
      tbsSha256: issuance.tbsSha256,
      pubkeySha256: issuance.pubkeySha256,
      dnsNames: issuance.dnsNames,
      issuer: issuance.issuer,
      notBefore: issuance.notBefore,
      notAfter: issuance.notAfter,
    };
    const result = await runTurnOnApplication(this.deps.services, app.id, {
      actor: { channel: 'cli', id: 'ct-watch' },
      event: { type: 'ct-issuance', issuance: facts },
      eventId: `ct:${issuance.tbsSha256}`,
    });
    if (result.status !== 'done' || !result.app || result.replies.length === 0) return false;
    const delivered = await this.deps.notify(result.app, result.replies as Reply[]);
    this.deps.logger.info({ component: 'ct', applicationId: app.id, delivered }, 'CT: issued per CT');
    return true;
  }
}
