import type { Logger } from 'pino';
import type { Effect } from '../flow/replies.js';
import type { Application } from '../flow/state.js';
import type { NudgeService } from './nudge-service.js';
import { certificateId } from './registry.js';
import type { RemindService } from './remind-service.js';
import type { Team } from './types.js';

export interface Reminders {
  service: RemindService;
  nudges: NudgeService;
  defaultTeam: string;
  logger: Logger;
}

export interface CommittedTurn {
  /** The application as saved by the turn. */
  app: Application;
  /** The channel conversation key (`slack:<team>:<channel>:<thread>`, `email:<thread>`, `console:…`). */
  conversation: string;
  effects: Effect[];
}

const ATTACHED = Symbol.for('evssl.reminders');

/** Makes this instance's reminders reachable from the services every channel already holds. */
export function attachReminders(services: object, reminders: Reminders): void {
  (services as { [ATTACHED]?: Reminders })[ATTACHED] = reminders;
}

/** The reminders attached to the services, or undefined when they do not run (no REDIS_URL). */
export function remindersOf(services: object): Reminders | undefined {
  return (services as { [ATTACHED]?: Reminders })[ATTACHED];
}

/**
 * The team a conversation's reminders go to: a Slack conversation's channel, an email conversation's
 * member addresses, or the default team. Created on first use only (an operator's settings stay).
 */
export function teamFor(turn: Pick<CommittedTurn, 'app' | 'conversation'>, defaultTeam: string): Team {
  const { app, conversation } = turn;
  const [kind, workspace, channel] = conversation.split(':');
  if (kind === 'slack' && workspace && channel) return slackTeam(workspace, channel, app.lang);
  const emails = app.members.filter((m) => m.channel === 'email').map((m) => m.id.toLowerCase());
  const domain = emails[0]?.split('@')[1];
  if (kind === 'email' && domain) return { id: `mail-${domain}`, lang: app.lang, emails };
  return { id: defaultTeam, lang: app.lang, emails: [] };
}

/** The team of a Slack channel (or DM) of a workspace: its reminders go to that channel. */
export function slackTeam(workspace: string, channel: string, lang: Team['lang']): Team {
  return { id: `slack-${workspace}-${channel}`, lang, slackChannel: channel, emails: [] };
}

/** When the organisation was last validated: the callback (step 8), else the documents (step 7). */
function validatedAt(app: Application): string | undefined {
  return app.answers['wait.callback'] ?? app.answers['wait.documents'];
}

/**
 * Call after a turn has committed (never before: a turn retried on conflict must not schedule twice),
 * with the turn's effects. Failures are logged, never thrown: a reminder problem must not fail a turn.
 */
export async function onEffects(reminders: Reminders | undefined, turn: CommittedTurn): Promise<void> {
  if (!reminders || turn.effects.length === 0) return;
  const { service, nudges, logger } = reminders;
  const { app } = turn;
  const team = teamFor(turn, reminders.defaultTeam);
  const log = logger.child({ applicationId: app.id });
  try {
    await service.deps.registry.ensureTeam(team);
    const domain = app.csr?.domain ?? app.csr?.commonName;
    for (const effect of turn.effects) {
      if (effect.type === 'certificate-issued') {
        const d = effect.domain ?? domain;
        if (!d) {
          log.warn('issued certificate has no domain: not tracked');
          continue;
        }
        const v = validatedAt(app);
        await service.track({
          domain: d,
          team: team.id,
          notAfter: effect.certificate.notAfter,
          source: 'issued',
          applicationId: app.id,
          ...(effect.certificate.notBefore ? { notBefore: effect.certificate.notBefore } : {}),
          ...(effect.certificate.serialNumber ? { serialNumber: effect.certificate.serialNumber } : {}),
          ...(v ? { validatedAt: v } : {}),
        });
      } else if (effect.type === 'step-entered') {
        await nudges.plan(app.id, team.id, effect.step, app.stepSince);
        // A renewal under way for a tracked domain stops its reminders (issue 8: "renewal started").
        if (app.flow === 'renew' && domain && effect.step !== 'prepare') {
          const cert = await service.deps.registry.get(certificateId(team.id, domain));
          if (cert?.state === 'active') await service.stop(cert.id, 'renewing');
        }
      } else if (effect.type === 'application-closed' && effect.status === 'cancelled') {
        if (app.flow === 'renew' && domain) {
          const cert = await service.deps.registry.get(certificateId(team.id, domain));
          if (cert?.state === 'renewing') await service.resume(cert.id);
        }
      }
    }
  } catch (err) {
    log.error(
      { err: err instanceof Error ? err.name : 'error' },
      'reminder bookkeeping failed for this turn',
    );
  }
}
