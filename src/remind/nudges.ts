import { DAY_MS } from '../flow/days.js';
import { PROCEDURE } from '../flow/procedure/flows.js';
import type { NudgeId, StepId } from '../flow/procedure/step.js';
import type { Lang } from '../flow/types.js';
import type { ReminderMessage } from './message.js';

/** A stalled-step nudge: which step, when after entering it, and why. */
export interface NudgeRule {
  id: NudgeId;
  step: StepId;
  afterDays: number;
}

/**
 * The nudges of the waiting steps, as the steps define them (src/flow/procedure/: the verification
 * codes in the CloudSecure and Sectigo mails stop working 30 days after they are sent, so a nudge comes
 * 5 days before that).
 */
export const NUDGE_RULES: NudgeRule[] = PROCEDURE.flatMap((s) =>
  (s.nudges ?? []).map((n) => ({ id: n.id, step: s.id, afterDays: n.afterDays })),
);

export interface PlannedNudge {
  nudge: NudgeRule['id'];
  dueAt: number;
}

/** The nudges for a step entered at `since` (all of them; each fires only if the step is still current). */
export function nudgesFor(step: string, since: string, rules: NudgeRule[] = NUDGE_RULES): PlannedNudge[] {
  const start = Date.parse(since);
  return rules
    .filter((r) => r.step === step)
    .map((r) => ({ nudge: r.id, dueAt: start + r.afterDays * DAY_MS }));
}

const TEXT: Record<NudgeRule['id'], Record<Lang, string>> = {
  'approval-mail': {
    ja: 'クラウドセキュア社の承認確認メールはまだ処理されていません。メールのURLを開き、記載の認証コードを入力してください。',
    en: 'The CloudSecure approval mail has not been acted on yet: open its URL and enter the verification code it contains.',
  },
  'code-expiry': {
    ja: '承認確認メールの認証コードは送信から30日で無効になります（残り約5日）。早めに入力してください。',
    en: 'The verification code in the approval mail stops working 30 days after it was sent (about 5 days left). Please enter it soon.',
  },
  'agreement-code-expiry': {
    ja: 'セクティゴ社の利用契約同意メールの認証コードは送信から30日で無効になります（残り約5日）。',
    en: 'The code in Sectigo’s subscriber agreement mail stops working 30 days after it was sent (about 5 days left).',
  },
  documents: {
    ja: '組織を確認する書類（定款または弁護士意見書）がまだ送られていないようです。evdocs@cloudsecure.co.jp 宛に送ってください。',
    en: 'The organisation documents (articles of incorporation or attorney opinion letter) seem not to be sent yet: email them to evdocs@cloudsecure.co.jp.',
  },
  callback: {
    ja: '認証機関からの電話確認がまだ済んでいないようです。代表電話に出る方へ、申請責任者への取り次ぎをお願いしておいてください。',
    en: 'The CA’s phone verification seems still pending: ask whoever answers your main line to transfer the call to the applicant-in-charge.',
  },
};

export function nudgeMessage(nudge: NudgeRule['id'], applicationId: string, lang: Lang): ReminderMessage {
  return lang === 'ja'
    ? { subject: `【EV SSL申請 ${applicationId}】手続きが止まっています`, text: TEXT[nudge].ja }
    : { subject: `[EV SSL application ${applicationId}] waiting on you`, text: TEXT[nudge].en };
}
