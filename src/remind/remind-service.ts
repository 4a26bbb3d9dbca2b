import type { Logger } from 'pino';
import { CodedError } from '../errors.js';
import { DAY_MS } from '../flow/days.js';
import { metrics } from '../ops/metrics.js';
import { jobIdFor } from './job-id.js';
import { renewalReminder } from './message.js';
import type { ReminderNotifier } from './notifier.js';
import { planNext, resolvePolicy, shouldEscalate } from './policy.js';
import { type CertificateRegistry, certificateId } from './registry.js';
import type { ReminderSchedule } from './scheduler.js';
import type { ReminderJob, Team, TrackedCertificate } from './types.js';

export interface TrackInput {
  domain: string;
  team: string;
  notAfter: string;
  notBefore?: string;
  serialNumber?: string;
  source: TrackedCertificate['source'];
  applicationId?: string;
  validatedAt?: string;
  contractEnd?: string;
}

export interface RemindDeps {
  registry: CertificateRegistry;
  scheduler: ReminderSchedule;
  notifier: ReminderNotifier;
  logger: Logger;
}

export type Outcome = 'sent' | 'stale' | 'stopped' | 'duplicate' | 'no-target';

const fallbackTeam = (id: string): Team => ({ id, lang: 'ja', emails: [] });

/**
 * Tracking, acknowledging, snoozing and sending renewal reminders. Every change that moves the schedule
 * bumps the certificate's revision and queues the next job under an id carrying that revision; a job of
 * an older revision finds itself stale and does nothing.
 */
export class RemindService {
  constructor(readonly deps: RemindDeps) {}

  get #now() {
    return this.deps.scheduler.now();
  }

  /** Starts (or, for a new expiry, restarts) tracking; a renewed certificate reschedules. */
  async track(input: TrackInput): Promise<TrackedCertificate> {
    const id = certificateId(input.team, input.domain);
    const at = new Date(this.#now).toISOString();
    let previousJob: string | undefined;
    let renewedNow = false;
    const r = await this.deps.registry.update(id, (cur) => {
      previousJob = cur?.pendingJob;
      const renewed = !cur || cur.notAfter !== input.notAfter;
      renewedNow = renewed;
      const base = { ...cur, ...definedOnly(input), domain: input.domain.toLowerCase(), id, updatedAt: at };
      if (!renewed) return { ...base, rev: cur.rev + 1 } as TrackedCertificate;
      const next = {
        ...base,
        generation: (cur?.generation ?? 0) + 1,
        rev: (cur?.rev ?? 0) + 1,
        state: 'active',
        createdAt: cur?.createdAt ?? at,
      } as TrackedCertificate;
      delete next.snoozedUntil;
      delete next.acknowledgedAt;
      delete next.lastRemindedAt;
      if (!input.notBefore) delete next.notBefore;
      return next;
    });
    if (r.status !== 'saved')
      throw new CodedError('store_contention', `certificate ${id} could not be saved`);
    if (previousJob) await this.deps.scheduler.cancel(previousJob);
    // A new generation has sent nothing yet: no need to ask Redis.
    return this.reschedule(r.cert, renewedNow ? { sent: [] } : {});
  }

  /** Plans and queues the next reminder of the certificate's current revision. */
  async reschedule(
    cert: TrackedCertificate,
    known: { team?: Team; sent?: number[]; patch?: Partial<TrackedCertificate>; together?: boolean } = {},
  ): Promise<TrackedCertificate> {
    const team = known.team ?? (await this.deps.registry.getTeam(cert.team)) ?? fallbackTeam(cert.team);
    const sent = known.sent ?? (await this.deps.registry.sent(cert.id, cert.generation));
    const plan = planNext(cert, resolvePolicy(team.policy), sent, this.#now);
    const job: ReminderJob | undefined = plan && {
      type: 'renewal',
      certId: cert.id,
      rev: cert.rev,
      threshold: plan.threshold,
      dueAt: plan.dueAt,
    };
    const queued = job ? this.deps.scheduler.enqueue([job]) : undefined;
    if (!known.together) await queued;
    const jobId = job && jobIdFor(job);
    if (!jobId && !known.patch) return cert;
    // The job is queued before it is recorded (`together`: sent first on the same connection, which
    // runs commands in order): a crash in between leaves a job that still fires.
    // `cert` as the registry returned it: the write needs no read unless someone wrote since.
    const [, r] = await Promise.all([
      queued,
      this.deps.registry.update(
        cert.id,
        (cur) => (cur && cur.rev === cert.rev ? { ...cur, ...known.patch, pendingJob: jobId } : undefined),
        cert,
      ),
    ]);
    return r.status === 'saved' ? r.cert : cert;
  }

  /** Changes the certificate and its revision, then replans (snooze, renewal started/done, resumed). */
  async #move(
    id: string,
    change: (c: TrackedCertificate) => TrackedCertificate,
  ): Promise<TrackedCertificate | null> {
    let previousJob: string | undefined;
    const r = await this.deps.registry.update(id, (cur) => {
      if (!cur) return undefined;
      previousJob = cur.pendingJob;
      const next = { ...change(cur), rev: cur.rev + 1, updatedAt: new Date(this.#now).toISOString() };
      delete next.pendingJob;
      return next;
    });
    if (r.status !== 'saved') return null;
    if (previousJob) await this.deps.scheduler.cancel(previousJob);
    return this.reschedule(r.cert);
  }

  snooze(id: string, days: number) {
    const until = new Date(this.#now + days * DAY_MS).toISOString();
    return this.#move(id, (c) => ({ ...c, snoozedUntil: until }));
  }

  /** "Renewal started" or "done": no more reminders until a new certificate is tracked. */
  stop(id: string, state: 'renewing' | 'done') {
    return this.#move(id, (c) => ({ ...c, state }));
  }

  /** A renewal was abandoned: reminders resume (a passed threshold is caught up once). */
  resume(id: string) {
    return this.#move(id, (c) => ({ ...c, state: 'active' }));
  }

  /** Someone has seen it: reminders continue, but they no longer escalate. */
  async ack(id: string): Promise<TrackedCertificate | null> {
    const at = new Date(this.#now).toISOString();
    const r = await this.deps.registry.update(id, (c) => (c ? { ...c, acknowledgedAt: at } : undefined));
    return r.status === 'saved' ? r.cert : null;
  }

  async remove(id: string): Promise<boolean> {
    const cert = await this.deps.registry.get(id);
    if (cert?.pendingJob) await this.deps.scheduler.cancel(cert.pendingJob);
    return this.deps.registry.remove(id);
  }

  /** Runs one renewal job: checks it is still wanted, claims it once, delivers, plans the next one. */
  async fire(job: Extract<ReminderJob, { type: 'renewal' }>): Promise<Outcome> {
    const { registry, notifier, logger } = this.deps;
    const cert = await registry.get(job.certId);
    if (!cert || cert.rev !== job.rev) return 'stale';
    if (cert.state !== 'active') return 'stopped';
    const at = { certId: cert.id, threshold: job.threshold };
    // The claim answers with the marks it left: the next threshold is planned without reading them again.
    const [sent, team] = await Promise.all([
      registry.claim(cert.id, cert.generation, job.threshold),
      registry.getTeam(cert.team).then((t) => t ?? fallbackTeam(cert.team)),
    ]);
    if (!sent) {
      logger.debug(at, 'reminder already sent (another instance, or a run cut short)');
      // Whoever claimed it may have died before queuing the next threshold: queued here (idempotent).
      await this.reschedule(cert, { team });
      return 'duplicate';
    }
    const policy = resolvePolicy(team.policy);
    const escalation = shouldEscalate(cert, job.threshold, policy) ? team.escalation : undefined;
    let outcome: Outcome = 'sent';
    try {
      outcome = await deliver(notifier, team, cert, this.#now, escalation);
    } catch (err) {
      metrics().remindersFailed.inc({ kind: 'renewal' });
      // Give the claim back: the schedule retries the job with backoff (on this or another instance).
      await registry.releaseSent(cert.id, cert.generation, job.threshold);
      throw err;
    }
    if (outcome === 'sent') {
      metrics().remindersSent.inc({ kind: 'renewal' });
      metrics().reminderLagSeconds.observe(Math.max(0, (this.#now - job.dueAt) / 1000));
    }
    if (outcome === 'no-target')
      logger.warn(at, 'team has no Slack channel or email: reminder not delivered');
    else logger.info({ ...at, escalated: escalation !== undefined }, 'renewal reminder sent');
    // Plan the next threshold with what is already known (one write records both), the job and its
    // record in one round trip: if queuing failed, this run fails and its retry queues it (the claim is
    // held, so the retry takes the 'duplicate' path above, which queues the next threshold again).
    const patch = { lastRemindedAt: new Date(this.#now).toISOString() };
    await this.reschedule(cert, { team, sent, patch, together: true });
    return outcome;
  }
}

async function deliver(
  notifier: ReminderNotifier,
  team: Team,
  cert: TrackedCertificate,
  now: number,
  escalation: string | undefined,
): Promise<Outcome> {
  const isEmail = escalation?.includes('@') ?? false;
  const deliveries: Promise<void>[] = [];
  if (team.slackChannel) {
    const mention = escalation && !isEmail ? `<@${escalation}>` : escalation;
    const msg = renewalReminder({ cert, lang: team.lang, now, ...(mention ? { escalateTo: mention } : {}) });
    deliveries.push(notifier.slack(team.slackChannel, msg.text));
  }
  const to = [...team.emails, ...(escalation && isEmail ? [escalation] : [])];
  if (to.length > 0) {
    const msg = renewalReminder({
      cert,
      lang: team.lang,
      now,
      ...(escalation ? { escalateTo: escalation } : {}),
    });
    deliveries.push(notifier.email([...new Set(to)], msg.subject, msg.text));
  }
  // Both at once: one reminder costs the slower of the two round trips, not their sum.
  const results = await Promise.allSettled(deliveries);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const sent = deliveries.length > 0;
  return sent ? 'sent' : 'no-target';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
