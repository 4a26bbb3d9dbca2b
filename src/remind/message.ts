import type { Lang } from '../flow/types.js';
import { daysLeft, type Revalidation, revalidation } from './policy.js';
import type { TrackedCertificate } from './types.js';

/** A message ready for any channel: Slack gets `text`, email gets `subject` and `text`. */
export interface ReminderMessage {
  subject: string;
  text: string;
}

const date = (iso: string) => iso.slice(0, 10);

function revalidationLine(r: Revalidation, lang: Lang, validatedAt?: string): string {
  const on = validatedAt ? date(validatedAt) : undefined;
  if (lang === 'ja') {
    const prefix = on ? `組織情報の最終確認: ${on}。` : '';
    return prefix + revalidationJa(r);
  }
  return (on ? `Organisation last validated on ${on}. ` : '') + revalidationEn(r);
}

function revalidationJa(r: Revalidation): string {
  switch (r.type) {
    case 'required':
      return '組織情報の確認から398日を超えているため、フル再認証が必要です（定款等の書類提出と電話確認がもう一度あります）。早めに準備してください。';
    case 'required-after':
      return `${date(r.after)} 以降の更新・再発行はフル再認証（書類提出と電話確認）が必要になります。それまでなら組織情報（書類）は再利用されます。`;
    case 'not-required':
      return `組織情報は ${date(r.until)} まで再利用できるため、次の更新・再発行ではフル再認証（書類提出と電話確認）は不要の見込みです。`;
    case 'unknown':
      return '前回の組織認証の日付が不明です。398日を超えている場合はフル再認証（書類提出と電話確認）が必要です。';
  }
}

function revalidationEn(r: Revalidation): string {
  switch (r.type) {
    case 'required':
      return 'The organisation was validated more than 398 days ago: full revalidation is needed (the documents and the callback come again). Prepare early.';
    case 'required-after':
      return `A renewal or reissue after ${date(r.after)} needs full revalidation (documents and callback); until then the organisation data is reused.`;
    case 'not-required':
      return `The organisation data can be reused until ${date(r.until)}: no full revalidation (documents, callback) expected for the next renewal or reissue.`;
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

/**
 * What the team must do before the certificate expires: a free reissue (再発行) while the contract
 * outlives the certificate, a renewal (更新申請) when the contract ends first, or (contract end not known)
 * whichever the panel's 契約期間 says.
 */
export type NextAction = 'reissue' | 'renewal' | 'unknown';

export function nextAction(cert: Pick<TrackedCertificate, 'notAfter' | 'contractEnd'>): NextAction {
  if (!cert.contractEnd) return 'unknown';
  const end = Date.parse(`${cert.contractEnd}T00:00:00+09:00`) + 86_400_000;
  if (Number.isNaN(end)) return 'unknown';
  return end > Date.parse(cert.notAfter) ? 'reissue' : 'renewal';
}

const SUBJECT = {
  reissue: { ja: '【EV SSL再発行】', en: '[EV SSL reissue]' },
  renewal: { ja: '【EV SSL更新】', en: '[EV SSL renewal]' },
  // Unknown contract: the subject mail filters already match; the text names both ways.
  unknown: { ja: '【EV SSL更新】', en: '[EV SSL renewal]' },
};

function actionLines(cert: TrackedCertificate, action: NextAction, lang: Lang): string[] {
  const app = cert.applicationId;
  const c = cert.contractEnd;
  if (lang === 'ja') {
    switch (action) {
      case 'reissue':
        return [
          `契約期間は ${c} まで続くため、更新ではなく契約期間内の「再発行」（無料）で新しい証明書を受け取ります。`,
          app
            ? `申請 ${app} のスレッドで「再発行」と送ると登録内容を引き継いで手順をご案内します（新しく始めるなら Slack で \`/evssl reissue\`、メールの件名に「再発行」）。`
            : 'Slackで `/evssl reissue`、またはメールの件名に「再発行」と書いて送ると、再発行の手順をご案内します。',
        ];
      case 'renewal':
        return [
          `契約期間は ${c} に終了するため、「更新申請」が必要です。`,
          'Slackで `/evssl renew`、またはメールの件名に「更新」と書いて送ると、更新申請の手順をご案内します。',
        ];
      case 'unknown':
        return [
          'パネルの「契約情報」→「契約期間」を確認してください。契約が証明書の期限より後まで続くなら「再発行」（無料、`/evssl reissue`）、先に終わるなら「更新申請」（`/evssl renew`）です。',
          'メールなら件名に「再発行」または「更新」と書いて送ってください。',
        ];
    }
  }
  switch (action) {
    case 'reissue':
      return [
        `The contract runs until ${c}: the new certificate comes from a free reissue (再発行) within the contract, not a renewal.`,
        app
          ? `Say "reissue" in application ${app}'s thread to carry its data over (or start afresh with \`/evssl reissue\` in Slack, or "reissue" in an email subject).`
          : 'Start the reissue with `/evssl reissue` in Slack, or email the bot with "reissue" in the subject.',
      ];
    case 'renewal':
      return [
        `The contract ends on ${c}: a renewal (更新申請) is needed.`,
        'Start the renewal with `/evssl renew` in Slack, or email the bot with "renew" in the subject.',
      ];
    case 'unknown':
      return [
        'Check the panel’s "契約情報" → "契約期間" (contract term): if the contract runs past the expiry, reissue (再発行, free: `/evssl reissue`); if it ends first, renew (`/evssl renew`).',
        'By email: "reissue" or "renew" in the subject.',
      ];
  }
}

/**
 * The reminder: domain, both dates (certificate expiry and contract end), whether to reissue or renew and
 * how to start, when the organisation was validated and whether documents and callback come again.
 */
export function renewalReminder({ cert, lang, now, escalateTo }: ReminderInput): ReminderMessage {
  const left = daysLeft(cert.notAfter, now);
  const reval = revalidationLine(revalidation(cert, now), lang, cert.validatedAt);
  const action = nextAction(cert);
  const actions = actionLines(cert, action, lang);
  if (lang === 'ja') {
    return {
      subject: `${SUBJECT[action].ja}${cert.domain} の証明書はあと${left}日で期限切れです`,
      text: [
        ...(escalateTo ? [`${escalateTo} まだ誰も対応していません。ご確認をお願いします。`] : []),
        `${cert.domain} のEV SSL証明書の有効期限は ${date(cert.notAfter)} です（あと${left}日）。契約期間の終了日: ${cert.contractEnd ?? '未登録'}`,
        ...actions,
        reval,
        `手続きを始めたらリマインドは止まります。後で知らせる: \`/evssl snooze ${cert.id} 日数\`、確認済み: \`/evssl ack ${cert.id}\``,
      ].join('\n'),
    };
  }
  return {
    subject: `${SUBJECT[action].en} ${cert.domain} expires in ${left} day${left === 1 ? '' : 's'}`,
    text: [
      ...(escalateTo ? [`${escalateTo} nobody has acted on this yet: please take a look.`] : []),
      `The EV SSL certificate for ${cert.domain} expires on ${date(cert.notAfter)} (${left} day${left === 1 ? '' : 's'} left). Contract ends: ${cert.contractEnd ?? 'not recorded'}.`,
      ...actions,
      reval,
      `Reminders stop once the reissue or renewal starts. Snooze: \`/evssl snooze ${cert.id} DAYS\`; acknowledge: \`/evssl ack ${cert.id}\`.`,
    ].join('\n'),
  };
}
