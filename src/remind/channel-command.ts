import { domainToASCII } from 'node:url';
import type { Lang, Text } from '../flow/types.js';
import { localParts } from './business-time.js';
import { parseCalendarDate } from './parse-date.js';
import { daysLeft } from './policy.js';
import { parseReminderCommand, type ReminderCommand, runReminderCommand } from './reminder-command.js';
import type { Reminders } from './reminders.js';
import type { Team, TrackedCertificate } from './types.js';

/** `certs add DOMAIN YYYY-MM-DD`, `certs list`, `certs remove ID` for the team of the place it is typed. */
export type CertsCommand =
  | { type: 'certs-add'; domain: string; notAfter: string }
  | { type: 'certs-list' }
  | { type: 'certs-remove'; id: string }
  /** `certs …` that fits none of them: answered with the usage, never handed to the conversation. */
  | { type: 'certs-usage' };

export type ChannelCommand = ReminderCommand | CertsCommand;

/** Where the command was typed: the team it files certificates under, and who may act on which. */
export interface CommandPlace {
  /** The team of this Slack channel, email sender or console (created on first `certs add`). */
  team: Team;
  lang: Lang;
  /** May this person act on a certificate of `team` (its reminders reach them)? */
  mayAct: (team: Team | null, cert: TrackedCertificate) => boolean;
}

export interface CommandAnswer {
  text: string;
  /** A certificate changed (the answer is worth showing to the whole channel). */
  changed: boolean;
}

const VERBS = new Set(['add', '追加', '登録', 'list', '一覧', 'remove', '削除']);

const HOST = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A reminder command (`snooze ID DAYS`, `ack ID`, …) or a `certs` command, with or without `/evssl`,
 * English or Japanese; undefined for anything else, so a channel tries this before the conversation.
 * Backticks copied from a reminder (`` `/evssl ack c…` ``) are ignored.
 */
export function parseChannelCommand(text: string): ChannelCommand | undefined {
  const t = text.normalize('NFKC').replace(/`/g, '').trim().replace(/\s+/g, ' ');
  const reminder = parseReminderCommand(t);
  if (reminder) return reminder;
  const m = /^(?:\/evssl )?(?:certs?|証明書) (\S+)(?: (.*))?$/i.exec(t);
  const v = m?.[1]?.toLowerCase() ?? '';
  // Only a certs verb makes it a command: "証明書 更新をお願いします" stays a conversation.
  if (!m || !VERBS.has(v)) return undefined;
  const args = m[2] ? m[2].split(' ') : [];
  if ((v === 'list' || v === '一覧') && args.length === 0) return { type: 'certs-list' };
  if ((v === 'remove' || v === '削除') && args.length === 1 && /^c[0-9a-f]{16}$/i.test(args[0]!)) {
    return { type: 'certs-remove', id: args[0]!.toLowerCase() };
  }
  if ((v === 'add' || v === '追加' || v === '登録') && args.length === 2) {
    const domain = domainToASCII(args[0]!.toLowerCase().replace(/\.$/, ''));
    const notAfter = parseCalendarDate(args[1]!);
    if (domain && HOST.test(domain) && notAfter) return { type: 'certs-add', domain, notAfter };
  }
  return { type: 'certs-usage' };
}

const T = {
  off: {
    ja: 'この環境では更新リマインドが動いていません（メモリストア STORE=memory で REDIS_URL がないか、REMIND_ENABLED=false です）。管理者に、STORE=memory を外す（既定の SQLite ファイルに証明書とリマインドが保存されます）か REDIS_URL を設定し、REMIND_ENABLED=false なら外すよう依頼してください。',
    en: 'Renewal reminders are not running here: the bot runs on the memory store (STORE=memory without REDIS_URL) or with REMIND_ENABLED=false. Ask the operator to unset STORE=memory (the default SQLite file keeps certificates and reminders) or set REDIS_URL, and to unset REMIND_ENABLED=false.',
  },
  usage: {
    ja: '使い方: `certs add ドメイン YYYY-MM-DD`（有効期限）、`certs list`、`certs remove ID`。リマインドには `snooze ID 日数`、`ack ID`、`renewing ID`、`done ID`、`resume ID`。',
    en: 'Usage: `certs add DOMAIN YYYY-MM-DD` (the expiry date), `certs list`, `certs remove ID`. For a reminder: `snooze ID DAYS`, `ack ID`, `renewing ID`, `done ID`, `resume ID`.',
  },
  notHere: {
    ja: 'ここではその証明書を操作できません。リマインドが届いたチャンネル（またはメール）で送ってください。',
    en: 'That certificate cannot be changed from here: send the command where its reminders arrive.',
  },
  past: {
    ja: 'その有効期限は過ぎています。日付（YYYY-MM-DD）を確認してください。',
    en: 'That expiry date has passed: check the date (YYYY-MM-DD).',
  },
  none: { ja: '登録されている証明書はありません。', en: 'No certificates are tracked here.' },
  removed: { ja: '登録を削除しました。', en: 'Removed: no more reminders for it.' },
} satisfies Record<string, Text>;

/** The calendar day in Tokyo (a date typed by hand is stored as the start of that day there). */
function day(iso: string): string {
  const p = localParts(Date.parse(iso), 'Asia/Tokyo');
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const STATE: Record<TrackedCertificate['state'], Text> = {
  active: { ja: 'リマインド中', en: 'reminding' },
  renewing: { ja: '更新中', en: 'renewing' },
  done: { ja: '更新済み', en: 'done' },
};

/**
 * Runs a channel command against the reminders (undefined when they are not running — STORE=memory
 * without REDIS_URL, or REMIND_ENABLED=false: the answer says so).
 * A command on a certificate checks `place.mayAct` first; an unknown id and one the person may not
 * touch get the same answer, so ids of other teams cannot be probed.
 */
export async function runChannelCommand(
  reminders: Reminders | undefined,
  cmd: ChannelCommand,
  place: CommandPlace,
): Promise<CommandAnswer> {
  const { lang, team } = place;
  const answer = (text: string, changed = false): CommandAnswer => ({ text, changed });
  if (cmd.type === 'certs-usage') return answer(T.usage[lang]);
  if (!reminders) return answer(T.off[lang]);
  const { service } = reminders;
  const { registry } = service.deps;
  const now = service.deps.scheduler.now();
  switch (cmd.type) {
    case 'certs-add': {
      if (Date.parse(cmd.notAfter) <= now) return answer(T.past[lang]);
      await registry.ensureTeam(team);
      const c = await service.track({
        domain: cmd.domain,
        team: team.id,
        notAfter: cmd.notAfter,
        source: 'manual',
      });
      return answer(added(c, now, lang), true);
    }
    case 'certs-list': {
      const list = await registry.list({ team: team.id });
      if (list.length === 0) return answer(T.none[lang]);
      list.sort((a, b) => a.notAfter.localeCompare(b.notAfter));
      return answer(list.map((c) => line(c, now, lang)).join('\n'));
    }
    case 'certs-remove': {
      const c = await registry.get(cmd.id);
      if (!c || c.team !== team.id) return answer(T.notHere[lang]);
      return (await service.remove(c.id)) ? answer(T.removed[lang], true) : answer(T.notHere[lang]);
    }
    default: {
      const c = await registry.get(cmd.id);
      const owner = c ? (c.team === team.id ? team : await registry.getTeam(c.team)) : null;
      if (!c || !place.mayAct(owner, c)) return answer(T.notHere[lang]);
      return answer(`${c.domain}: ${await runReminderCommand(reminders, cmd, lang)}`, true);
    }
  }
}

function added(c: TrackedCertificate, now: number, lang: Lang): string {
  const left = daysLeft(c.notAfter, now);
  return lang === 'ja'
    ? `${c.domain} を登録しました（有効期限 ${day(c.notAfter)}、あと${left}日、ID \`${c.id}\`）。期限が近づくとここにリマインドします。`
    : `Tracking ${c.domain} (expires ${day(c.notAfter)}, ${left} days left, id \`${c.id}\`). Reminders come here as the expiry approaches.`;
}

function line(c: TrackedCertificate, now: number, lang: Lang): string {
  const left = daysLeft(c.notAfter, now);
  const snoozed = c.snoozedUntil && Date.parse(c.snoozedUntil) > now ? c.snoozedUntil : undefined;
  const extra = snoozed
    ? lang === 'ja'
      ? `、${day(snoozed)} までスヌーズ`
      : `, snoozed until ${day(snoozed)}`
    : '';
  return lang === 'ja'
    ? `• ${c.domain} — 期限 ${day(c.notAfter)}（あと${left}日、${STATE[c.state].ja}${extra}） \`${c.id}\``
    : `• ${c.domain} — expires ${day(c.notAfter)} (${left} days left, ${STATE[c.state].en}${extra}) \`${c.id}\``;
}
