import type { Logger } from 'pino';
import type { StepId } from '../flow/procedure/step.js';
import type { ApplicationStore } from '../store/application-store.js';
import { jobIdFor } from './job-id.js';
import type { ReminderNotifier } from './notifier.js';
import { type NudgeRule, nudgeMessage, nudgesFor } from './nudges.js';
import type { CertificateRegistry } from './registry.js';
import type { ReminderSchedule } from './scheduler.js';
import type { ReminderJob } from './types.js';

export interface NudgeDeps {
  store: ApplicationStore;
  registry: CertificateRegistry;
  scheduler: ReminderSchedule;
  notifier: ReminderNotifier;
  logger: Logger;
  rules?: NudgeRule[];
}

type NudgeJob = Extract<ReminderJob, { type: 'nudge' }>;

/**
 * Stalled-step nudges: queued when a waiting step is entered, each fires only if the application is
 * still active and still in that same step since the same moment (otherwise it is stale and dropped).
 */
export class NudgeService {
  constructor(readonly deps: NudgeDeps) {}

  async plan(applicationId: string, team: string, step: StepId, since: string): Promise<string[]> {
    const jobs: NudgeJob[] = nudgesFor(step, since, this.deps.rules).map((n) => ({
      type: 'nudge',
      applicationId,
      team,
      step,
      since,
      nudge: n.nudge,
      dueAt: n.dueAt,
    }));
    return this.deps.scheduler.enqueue(jobs);
  }

  async fire(job: NudgeJob): Promise<'sent' | 'stale' | 'duplicate' | 'no-target'> {
    const { store, registry, notifier, logger } = this.deps;
    const stored = await store.load(job.applicationId);
    const app = stored?.app;
    // stepSince moves whenever the step changes: the same value means the same step, still waiting.
    if (app?.status !== 'active' || app.stepSince !== job.since) return 'stale';
    const once = jobIdFor(job);
    if (!(await registry.claimOnce(once, 90 * 24 * 3600))) return 'duplicate';
    const team = await registry.getTeam(job.team);
    const msg = nudgeMessage(job.nudge as NudgeRule['id'], app.id, app.lang);
    try {
      if (team?.slackChannel) await notifier.slack(team.slackChannel, `${msg.subject}\n${msg.text}`);
      if (team && team.emails.length > 0) await notifier.email(team.emails, msg.subject, msg.text);
    } catch (err) {
      await registry.releaseOnce(once);
      throw err;
    }
    if (!team?.slackChannel && !team?.emails.length) {
      logger.warn({ applicationId: app.id, nudge: job.nudge }, 'no delivery target for nudge');
      return 'no-target';
    }
    logger.info({ applicationId: app.id, nudge: job.nudge }, 'stalled-step nudge sent');
    return 'sent';
  }
}
