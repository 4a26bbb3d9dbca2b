import type { Lang } from '../flow/types.js';
import { daysLeft, type Revalidation, revalidation } from './policy.js';
import type { TrackedCertificate } from './types.js';

/** A message ready for any channel: Slack gets `text`, email gets `subject` and `text`. */
export interface ReminderMessage {
  subject: string;
  text: string;
}

const date = (iso: string) => iso.slice(0, 10);

function revalidationLine(r: Revalidation, lang: Lang): string {
  if (lang === 'ja') {
    switch (r.type) {
      case 'required':
        return '組織情報の確認から398日を超えているため、フル再認証が必要です（定款等の書類提出と電話確認がもう一度あります）。早めに準備してください。';
      case 'required-after':
        return `${date(r.after)} 以降に更新するとフル再認証（書類提出と電話確認）が必要になります。それまでに更新すれば書類は再利用されます。`;
      case 'not-required':
        return `組織情報は ${date(r.until)} まで再利用できるため、フル再認証は不要の見込みです。`;
      case 'unknown':
        return '前回の組織認証の日付が不明です。398日を超えている場合はフル再認証（書類提出と電話確認）が必要です。';
    }
  }
  switch (r.type) {
    case 'required':
      return 'The organisation was validated more than 398 days ago: full revalidation is needed (the documents and the callback come again). Prepare early.';
    case 'required-after':
      return `Renewing after ${date(r.after)} needs full revalidation (documents and callback); before that the organisation data is reused.`;
    case 'not-required':
      return `The organisation data can be reused until ${date(r.until)}: no full revalidation expected.`;
    case 'unknown':
      return 'The date of the last organisation validation is unknown: if it is over 398 days ago, full revalidation (documents and callback) is needed.';
  }
}

export interface ReminderInput {
  cert: TrackedCertificate;
  lang: Lang;
  now: number;
  /** A mention of the escalation contact (`<@U123>` for Slack, a name or address for email). */
  escalateTo?: string;
}

/** The renewal reminder: domain, days left, how to start the renewal, whether revalidation is needed. */
export function renewalReminder({ cert, lang, now, escalateTo }: ReminderInput): ReminderMessage {
  const left = daysLeft(cert.notAfter, now);
  const reval = revalidationLine(revalidation(cert, now), lang);
  if (lang === 'ja') {
    return {
      subject: `【EV SSL更新】${cert.domain} の証明書はあと${left}日で期限切れです`,
      text: [
        ...(escalateTo ? [`${escalateTo} まだ誰も対応していません。ご確認をお願いします。`] : []),
        `${cert.domain} のEV SSL証明書の有効期限は ${date(cert.notAfter)} です（あと${left}日）。`,
        'Slackで `/evssl renew`、またはメールの件名に「更新」と書いて送ると、更新申請の手順をご案内します。',
        reval,
        `更新を始めたらリマインドは止まります。後で知らせる: \`/evssl snooze ${cert.id} 日数\`、確認済み: \`/evssl ack ${cert.id}\``,
      ].join('\n'),
    };
  }
  return {
    subject: `[EV SSL renewal] ${cert.domain} expires in ${left} day${left === 1 ? '' : 's'}`,
    text: [
      ...(escalateTo ? [`${escalateTo} nobody has acted on this yet: please take a look.`] : []),
      `The EV SSL certificate for ${cert.domain} expires on ${date(cert.notAfter)} (${left} day${left === 1 ? '' : 's'} left).`,
      'Start the renewal with `/evssl renew` in Slack, or email the bot with "renew" in the subject.',
      reval,
      `Reminders stop once the renewal starts. Snooze: \`/evssl snooze ${cert.id} DAYS\`; acknowledge: \`/evssl ack ${cert.id}\`.`,
    ].join('\n'),
  };
}
