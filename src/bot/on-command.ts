import type { App } from '@slack/bolt';
import { TURN_TEXT } from '../conversation/turn-texts.js';
import { catalogue, fill } from '../flow/catalogue.js';
import { fold } from '../flow/intents.js';
import { detectLang, guessLang, parseFlow } from '../flow/start.js';
import type { Application } from '../flow/state.js';
import { actorKey } from '../flow/state.js';
import type { Lang } from '../flow/types.js';
import { parseChannelCommand } from '../remind/channel-command.js';
import { certificateLine } from './app-home.js';
import { membersTurn } from './members-turn.js';
import { escapeMrkdwn, fromSlackText } from './mrkdwn.js';
import { slackChannelCommand } from './reminder-turn.js';
import { mentionedUsers, scopeOf, slackActor } from './slack-ids.js';
import { type BotContext, slackTurn } from './slack-turn.js';
import { stepLine, visibleApplications } from './visible-apps.js';

export const COMMAND = '/evssl';

const TEXTS = catalogue('slack.command', {
  help: {
    ja: [
      '*`/evssl` の使い方*',
      '• `/evssl acquire` または `/evssl 取得` … 取得申請を新しいスレッドで始める',
      '• `/evssl renew` または `/evssl 更新` … 更新申請を始める',
      '• `/evssl reissue` または `/evssl 再発行` … 契約期間内の再発行を始める（発行済みの申請のスレッドで「再発行」と送ると登録内容を引き継ぎます）',
      '• `/evssl status` … あなたが参加している進行中の申請と次にすること',
      '• `/evssl list` … 見られる申請の一覧',
      '• `/evssl add @名前 [申請番号]` … チームメンバーを申請に追加（スレッド内では「add @名前」）',
      '• `/evssl certs add ドメイン YYYY-MM-DD` … 証明書の有効期限を登録し、このチャンネルに更新リマインド（`certs list`、`certs remove ID`）',
      '• `/evssl snooze ID 日数`、`/evssl ack ID`、`/evssl renewing ID`、`/evssl done ID`、`/evssl resume ID` … リマインドを止める・確認済みにする・再開する（DMやスレッドでは `/evssl` なしで）',
      'ボットへのDMや、チャンネルでのメンションからも始められます。スレッドでは「ヘルプ」で使える言葉を表示します。',
    ].join('\n'),
    en: [
      '*Using `/evssl`*',
      '• `/evssl acquire` — start a new application in a new thread',
      '• `/evssl renew` — start a renewal',
      '• `/evssl reissue` — start a reissue within the contract (say "reissue" in an issued application’s thread to carry its data over)',
      '• `/evssl status` — your applications in progress and what to do next',
      '• `/evssl list` — every application you may see',
      '• `/evssl add @name [APPLICATION-ID]` — add a teammate (in a thread: "add @name")',
      '• `/evssl certs add DOMAIN YYYY-MM-DD` — track a certificate’s expiry: renewal reminders come to this channel (`certs list`, `certs remove ID`)',
      '• `/evssl snooze ID DAYS`, `/evssl ack ID`, `/evssl renewing ID`, `/evssl done ID`, `/evssl resume ID` — answer a reminder (in a DM or thread, without `/evssl`)',
      'You can also DM the bot or mention it in a channel. In a thread, "help" lists what you can say.',
    ].join('\n'),
  },
  started: {
    ja: '<@{user}> さんが EV SSL の{flow}を始めました。このスレッドで進めます。',
    en: '<@{user}> started an EV SSL {flow}. It continues in this thread.',
  },
  flowName: {
    acquire: { ja: '取得申請', en: 'application' },
    renew: { ja: '更新申請', en: 'renewal' },
    reissue: { ja: '再発行', en: 'reissue' },
  },
  none: { ja: '進行中の申請はありません。', en: 'You have no applications in progress.' },
  which: {
    ja: '申請番号を指定してください: `/evssl add @名前 申請番号`',
    en: 'Name the application: `/evssl add @name APPLICATION-ID`',
  },
});

/**
 * `/evssl acquire|renew|status|list|add|help`, the reminder commands (`snooze|ack|renewing|done|resume ID`)
 * and `certs add|list|remove`. Acknowledged at once (Slack's 3 seconds); the work
 * follows, answered through `response_url` or in the new thread.
 */
export function registerCommand(app: App, ctx: BotContext): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    // Slack has its answer once this handler returns (the receiver answers after it): the work follows.
    ctx.background(
      runCommand(ctx, command, respond, client).catch(async (err: unknown) => {
        const lang: Lang = guessLang(command.text, ctx.lang);
        ctx.logger.warn({ code: (err as { code?: string }).code }, '/evssl failed');
        await respond({ response_type: 'ephemeral', text: TURN_TEXT.notSaved[lang] });
      }),
    );
  });
}

type CommandArgs = Parameters<Parameters<App['command']>[1]>[0];

async function runCommand(
  ctx: BotContext,
  command: CommandArgs['command'],
  respond: CommandArgs['respond'],
  client: CommandArgs['client'],
): Promise<void> {
  const scope = scopeOf(command.team_id, command.enterprise_id);
  // A replayed command (the same body again: a retry, a proxy, a double submit) is run once, across
  // instances: its trigger_id is unique to one invocation and recorded like an event id.
  if (command.trigger_id && !(await ctx.services.store.claimEvent(`slack:cmd:${command.trigger_id}`))) {
    ctx.logger.debug('replayed /evssl ignored');
    return;
  }
  const [sub = '', ...rest] = command.text.trim().split(/\s+/);
  const word = fold(sub);
  // The person's words decide (an English `/evssl help` answers in English), else their Slack locale, else
  // the workspace's language; a new thread goes on in the language its parent message used.
  const lang: Lang =
    detectLang(command.text) ?? (await ctx.locales.lang(client, command.user_id)) ?? ctx.lang;
  const flow = parseFlow(sub);
  const reminder = parseChannelCommand(fromSlackText(command.text));
  if (reminder) {
    const where = { scope, channel: command.channel_id, lang };
    const answer = await slackChannelCommand(ctx, reminder, where);
    // A change is shown to the channel (the team sees who snoozed what); the rest only to the person.
    await respond({ response_type: answer.changed ? 'in_channel' : 'ephemeral', text: answer.text });
  } else if (flow) {
    await startThread(ctx, {
      client,
      channel: command.channel_id,
      user: command.user_id,
      scope,
      flow,
      lang,
      sub,
    });
  } else if (word === 'status' || word === '状況' || word === 'list' || word === '一覧') {
    const list = word === 'list' || word === '一覧';
    await respond({
      response_type: 'ephemeral',
      text: await statusText(ctx, scope, command.user_id, lang, list),
    });
  } else if (word === 'add' || word === '追加') {
    const users = mentionedUsers(rest.join(' '));
    const explicit = rest.find((r) => /^[0-9A-F]{6}$/i.test(r))?.toUpperCase();
    const mine = await visibleApplications(ctx, scope, command.user_id, { activeOnly: true });
    const applicationId = explicit ?? (mine.mine.length === 1 ? mine.mine[0]!.id : undefined);
    if (!applicationId || users.length === 0) {
      await respond({ response_type: 'ephemeral', text: TEXTS.which[lang] });
      return;
    }
    const text = await membersTurn(ctx, {
      applicationId,
      scope,
      user: command.user_id,
      users,
      onUnavailable: 'answer',
    });
    await respond({ response_type: 'ephemeral', text });
  } else {
    await respond({ response_type: 'ephemeral', text: TEXTS.help[lang] });
  }
}

async function startThread(
  ctx: BotContext,
  args: {
    client: BotContext['client'];
    channel: string;
    user: string;
    scope: string;
    flow: Application['flow'];
    lang: Lang;
    sub: string;
  },
): Promise<void> {
  const text = fill(TEXTS.started, args.lang, {
    user: args.user,
    flow: TEXTS.flowName[args.flow][args.lang],
  });
  let posted: { channel?: string; ts?: string };
  try {
    posted = await args.client.chat.postMessage({ channel: args.channel, text });
  } catch (err) {
    // The bot is not in that channel (or it is someone else's DM): start in the user's DM with the bot.
    ctx.logger.debug({ err: (err as { data?: { error?: string } }).data?.error }, 'falling back to the DM');
    posted = await args.client.chat.postMessage({ channel: args.user, text });
  }
  if (!posted.ts || !posted.channel) return;
  await slackTurn(ctx, {
    place: { scope: args.scope, channel: posted.channel, thread: posted.ts },
    user: args.user,
    event: { type: 'text', text: args.sub },
    onUnavailable: 'answer',
    lang: args.lang,
  });
}

async function statusText(ctx: BotContext, scope: string, user: string, lang: Lang, list: boolean) {
  const now = ctx.services.clock();
  const apps = await visibleApplications(ctx, scope, user, { activeOnly: !list });
  const all = list ? [...apps.mine, ...apps.others] : apps.mine;
  if (all.length === 0) return TEXTS.none[lang];
  const me = actorKey(slackActor(scope, user));
  return all
    .map((app) => {
      const cert = certificateLine(app, now, lang);
      const member = app.members.some((m) => actorKey(m) === me);
      return `• ${escapeMrkdwn(stepLine(app, lang))}${cert ? ` — ${cert}` : ''}${member ? '' : ' 👁'}`;
    })
    .join('\n');
}
