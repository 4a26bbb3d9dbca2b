import type { Lang } from '../flow/types.js';
import type { Reminders } from './reminders.js';

/** What a person may say about a reminder in any channel: `snooze ID DAYS`, `ack ID`, `renewing ID`, `done ID`. */
export type ReminderCommand =
  | { type: 'snooze'; id: string; days: number }
  | { type: 'ack' | 'renewing' | 'done' | 'resume'; id: string };

const ID = 'c[0-9a-f]{16}';

/**
 * Parses a reminder command (with or without a leading `/evssl`, English or Japanese verbs); anything else
 * is undefined, so a channel can try this before handing text to the conversation.
 */
export function parseReminderCommand(text: string): ReminderCommand | undefined {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/^\/evssl\s+/i, '');
  const snooze = new RegExp(
    `^(?:snooze|スヌーズ|後で)\\s+(${ID})\\s+(\\d{1,3})(?:\\s*(?:days?|日))?$`,
    'i',
  ).exec(t);
  if (snooze) {
    const days = Number(snooze[2]);
    return days >= 1 && days <= 365 ? { type: 'snooze', id: snooze[1]!.toLowerCase(), days } : undefined;
  }
  const m = new RegExp(`^(ack|確認済み|renewing|更新中|done|完了|resume|再開)\\s+(${ID})$`, 'i').exec(t);
  if (!m) return undefined;
  const verb = m[1]!.toLowerCase();
  const type =
    verb === 'ack' || verb === '確認済み'
      ? 'ack'
      : verb === 'renewing' || verb === '更新中'
        ? 'renewing'
        : verb === 'done' || verb === '完了'
          ? 'done'
          : 'resume';
  return { type, id: m[2]!.toLowerCase() };
}

const REPLIES = {
  snooze: { ja: (d: number) => `${d}日後まで通知を止めます。`, en: (d: number) => `Snoozed for ${d} days.` },
  ack: { ja: '確認済みにしました（エスカレーションしません）。', en: 'Acknowledged: no escalation.' },
  renewing: { ja: '更新中にしました。リマインドを止めます。', en: 'Marked as renewing: reminders stop.' },
  done: { ja: '更新済みにしました。リマインドを止めます。', en: 'Marked as done: reminders stop.' },
  resume: { ja: 'リマインドを再開しました。', en: 'Reminders resumed.' },
  missing: { ja: 'その証明書は登録されていません。', en: 'No tracked certificate has that id.' },
};

/** Runs a parsed command and returns the reply text (in the given language). */
export async function runReminderCommand(
  reminders: Reminders,
  cmd: ReminderCommand,
  lang: Lang,
): Promise<string> {
  const s = reminders.service;
  const cert =
    cmd.type === 'snooze'
      ? await s.snooze(cmd.id, cmd.days)
      : cmd.type === 'ack'
        ? await s.ack(cmd.id)
        : cmd.type === 'resume'
          ? await s.resume(cmd.id)
          : await s.stop(cmd.id, cmd.type);
  if (!cert) return REPLIES.missing[lang];
  return cmd.type === 'snooze' ? REPLIES.snooze[lang](cmd.days) : REPLIES[cmd.type][lang];
}
