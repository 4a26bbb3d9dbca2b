import { catalogue } from '../flow/catalogue.js';
import type { Lang } from '../flow/types.js';
import {
  type ChannelCommand,
  type CommandAnswer,
  type CommandPlace,
  runChannelCommand,
} from '../remind/channel-command.js';
import { slackTeam } from '../remind/on-effects.js';
import type { BotContext } from './slack-turn.js';

const TEXTS = catalogue('slack.reminder', {
  failed: {
    ja: '今は処理できませんでした（一時的な問題です）。少し待ってもう一度お送りください。',
    en: 'That could not be done just now (a temporary problem). Please send it again in a moment.',
  },
});

/**
 * Who may act where in Slack (Slack has authenticated the person as a member of the workspace):
 * `certs` commands file certificates under the channel's own team (a DM's too: its reminders come to
 * that DM). In a channel, only certificates whose reminders go to that channel may be snoozed or
 * acknowledged; in a DM with the bot, any certificate reminded on Slack in the same workspace (the bot
 * has no `channels:read` scope to check channel membership, and a DM shows no one else the answer).
 * Never a certificate of another workspace (or Enterprise Grid organisation) the app is installed in.
 */
export function slackCommandPlace(scope: string, channel: string, lang: Lang): CommandPlace {
  const dm = channel.startsWith('D');
  const team = slackTeam(scope, channel, lang);
  const workspace = team.id.slice(0, team.id.length - channel.length); // `slack-<scope>-`
  return {
    team,
    lang,
    mayAct: (other) =>
      other?.slackChannel !== undefined &&
      other.id.startsWith(workspace) &&
      (dm || other.slackChannel === channel),
  };
}

/** Runs a reminder or `certs` command typed in Slack; never throws (the person is told to retry). */
export async function slackChannelCommand(
  ctx: BotContext,
  cmd: ChannelCommand,
  where: { scope: string; channel: string; lang: Lang },
): Promise<CommandAnswer> {
  try {
    const answer = await runChannelCommand(
      ctx.services.reminders,
      cmd,
      slackCommandPlace(where.scope, where.channel, where.lang),
    );
    // The command's kind only: ids, domains and people stay out of the log.
    ctx.logger.info({ command: cmd.type, changed: answer.changed }, 'reminder command');
    return answer;
  } catch (err) {
    ctx.logger.error(
      { command: cmd.type, err: err instanceof Error ? err.name : 'error' },
      'reminder command failed',
    );
    return { text: TEXTS.failed[where.lang], changed: false };
  }
}
