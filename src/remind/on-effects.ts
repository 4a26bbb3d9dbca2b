import { channelOfKey, parseSlackConversationKey } from '../conversation/conversation-key.js';
import type { CommittedTurn } from '../conversation/run-turn.js';
import type { Application } from '../flow/state.js';
import { certificateId } from './registry.js';
import type { Reminders } from './reminders.js';
import type { Team } from './types.js';

/**
 * The team a conversation's reminders go to: a Slack conversation's channel, an email conversation's
 * member addresses, or the default team. Created on first use only (an operator's settings stay).
 */
export function teamFor(turn: Pick<CommittedTurn, 'app' | 'conversation'>, defaultTeam: string): Team {
  const { app, conversation } = turn;
  const slack = parseSlackConversationKey(conversation);
  if (slack) return slackTeam(slack.scope, slack.channel, app.lang);
  const emails = app.members.filter((m) => m.channel === 'email').map((m) => m.id.toLowerCase());
  const domain = emails[0]?.split('@')[1];
  if (channelOfKey(conversation) === 'email' && domain)
    return { id: `mail-${domain}`, lang: app.lang, emails };
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
        const v = effect.validatedAt ?? validatedAt(app);
        await service.track({
          domain: d,
          team: team.id,
          notAfter: effect.certificate.notAfter,
          source: 'issued',
          applicationId: app.id,
          ...(effect.certificate.notBefore ? { notBefore: effect.certificate.notBefore } : {}),
          ...(effect.certificate.serialNumber ? { serialNumber: effect.certificate.serialNumber } : {}),
          ...(v ? { validatedAt: v } : {}),
          ...(effect.contractEnd ? { contractEnd: effect.contractEnd } : {}),
        });
      } else if (effect.type === 'step-entered') {
        await nudges.plan(app.id, team.id, effect.step, app.stepSince);
        // A renewal under way for a tracked domain stops its reminders ("renewal started").
        if ((app.flow === 'renew' || app.flow === 'reissue') && domain && effect.step !== 'prepare') {
          const cert = await service.deps.registry.get(certificateId(team.id, domain));
          if (cert?.state === 'active') await service.stop(cert.id, 'renewing');
        }
      } else if (effect.type === 'application-closed' && effect.status === 'cancelled') {
        if ((app.flow === 'renew' || app.flow === 'reissue') && domain) {
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
