import type { NudgeId, StepId } from '../flow/procedure/step.js';
import type { Lang } from '../flow/types.js';
import type { HolidayCalendar } from './jp-holidays.js';

/**
 * A certificate whose expiry is watched. Its id is derived from (team, domain), so a renewed certificate
 * for the same domain replaces the entry (and bumps `generation`) instead of adding a second one.
 */
export interface TrackedCertificate {
  id: string;
  domain: string;
  team: string;
  notAfter: string;
  notBefore?: string;
  serialNumber?: string;
  source: 'issued' | 'manual';
  applicationId?: string;
  /**
   * When the organisation was last fully validated (documents and callback, PROCESS.md steps 7-8).
   * Unknown for a certificate entered by hand: the reminder then says revalidation may be needed.
   */
  validatedAt?: string;
  /**
   * The SSL contract's last day (YYYY-MM-DD, Tokyo), when known. A contract outliving the certificate
   * means a free reissue (再発行) within it; one ending first means a renewal (更新申請).
   */
  contractEnd?: string;
  /** Bumped when the certificate itself changes (a renewal): thresholds are counted once per generation. */
  generation: number;
  /** Bumped on every change that moves the schedule; a queued job of an older revision is dropped. */
  rev: number;
  /** `renewing`/`done` stop the reminders until a new certificate (generation) arrives. */
  state: 'active' | 'renewing' | 'done';
  snoozedUntil?: string;
  /** Someone answered a reminder: no escalation for this generation. */
  acknowledgedAt?: string;
  lastRemindedAt?: string;
  /** The queued job of the current revision (removed when the schedule moves). */
  pendingJob?: string;
  createdAt: string;
  updatedAt: string;
}

/** Thresholds and hours: every field has a default (DEFAULT_POLICY). */
export interface RemindPolicy {
  /** Days before notAfter (e.g. 60, 30, 14, 7, 3, 1). */
  thresholdDays: number[];
  /** Shares of the lifetime (0-1) added for short-lived certificates (lifetime ≤ shortLivedDays). */
  lifetimeShares: number[];
  shortLivedDays: number;
  /** A day threshold earlier than this share of the lifetime is dropped (it would remind just after issuance). */
  maxShare: number;
  /** IANA time zone of the business hours. */
  timeZone: string;
  /** Local hours [start, end) when reminders may be sent, e.g. 9-18. */
  businessHours: [number, number];
  /** ISO weekdays (1 = Monday … 7 = Sunday) when reminders may be sent. */
  workDays: number[];
  /**
   * Public holidays skipped like a weekend day: 'jp' (default) = Japanese national holidays (祝日, 振替休日,
   * 国民の休日, jp-holidays.ts) on the local date in `timeZone`; 'none' = weekends (workDays) only.
   */
  holidays: HolidayCalendar;
  /** With holidays 'jp': 12/31-1/3 (年末年始, most Japanese companies are closed) are skipped too (default true). */
  yearEndClosure: boolean;
  /** At or below this many days left an unacknowledged certificate escalates. */
  escalateDays: number;
}

/** Where a team's reminders go. */
export interface Team {
  id: string;
  lang: Lang;
  slackChannel?: string;
  emails: string[];
  /** Mentioned when a reminder escalates: a Slack user id (`U…`) or an email address. */
  escalation?: string;
  policy?: Partial<RemindPolicy>;
}

/** What a queued reminder job carries (no personal data: everything else is read when it fires). */
export type ReminderJob =
  | { type: 'renewal'; certId: string; rev: number; threshold: number; dueAt: number }
  | {
      type: 'nudge';
      applicationId: string;
      team: string;
      step: StepId;
      since: string;
      nudge: NudgeId;
      dueAt: number;
    };
