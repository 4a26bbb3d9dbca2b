import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';

/**
 * The process's Prometheus series (served on `/metrics`, src/ops/ops-routes.ts). Every name is listed in
 * the README ("Operating it"). Labels carry channels, outcomes and kinds only: never an application id,
 * an address or any other value a person typed.
 */
export interface Metrics {
  registry: Prom.Registry;
  turns: Prom.Counter<'channel' | 'outcome'>;
  turnSeconds: Prom.Histogram<'channel'>;
  duplicates: Prom.Counter<'channel'>;
  conflicts: Prom.Counter<'channel'>;
  repliesOwed: Prom.Counter<'channel'>;
  repliesDelivered: Prom.Counter<'channel'>;
  repliesFailed: Prom.Counter<'channel' | 'reason'>;
  outboxPending: Prom.Gauge;
  outboxOwedApplications: Prom.Gauge;
  outboxOldestSeconds: Prom.Gauge;
  caMails: Prom.Counter<'kind' | 'trust'>;
  mailsQuarantined: Prom.Counter<'reason'>;
  imapReconnects: Prom.Counter;
  remindersSent: Prom.Counter<'kind'>;
  remindersFailed: Prom.Counter<'kind'>;
  reminderLagSeconds: Prom.Histogram;
  oauthRefreshFailures: Prom.Counter;
  slackRateLimited: Prom.Counter;
  slackChannelPaused: Prom.Counter;
  httpTimeouts: Prom.Counter;
  shutdowns: Prom.Counter<'signal'>;
}

let current: Metrics | undefined;

/**
 * The series, made on first use. prom-client is loaded then (≈100 ms), not at import: the CLI's checking
 * commands never pay for it, and the console pays once on its first turn.
 */
export function metrics(): Metrics {
  current ??= createMetrics();
  return current;
}

function createMetrics(): Metrics {
  const prom = createRequire(import.meta.url)('prom-client') as typeof Prom;
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const r = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new prom.Counter<L>({ name, help, labelNames, registers: r });
  const gauge = (name: string, help: string) => new prom.Gauge({ name, help, registers: r });
  return {
    registry,
    turns: counter('evssl_turns_total', 'Conversation turns by channel and outcome', ['channel', 'outcome']),
    turnSeconds: new prom.Histogram({
      name: 'evssl_turn_duration_seconds',
      help: 'Time from reading a turn to its committed answer (replies sent after)',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
    duplicates: counter('evssl_duplicates_dropped_total', 'Inbound events seen before (redeliveries)', [
      'channel',
    ]),
    conflicts: counter('evssl_conflicts_retried_total', 'Turns re-run after a compare-and-set conflict', [
      'channel',
    ]),
    repliesOwed: counter('evssl_replies_owed_total', 'Replies committed to the outbox with their turn', [
      'channel',
    ]),
    repliesDelivered: counter('evssl_replies_delivered_total', 'Owed replies delivered', ['channel']),
    repliesFailed: counter(
      'evssl_replies_failed_total',
      'Reply deliveries that failed (retry: stays owed; drop: can never be delivered)',
      ['channel', 'reason'],
    ),
    outboxPending: gauge('evssl_outbox_pending', 'Replies handed to this process’s relay, not yet delivered'),
    outboxOwedApplications: gauge(
      'evssl_outbox_owed_applications',
      'Applications found owing replies by the last sweep (replies of processes that stopped)',
    ),
    outboxOldestSeconds: gauge(
      'evssl_outbox_oldest_age_seconds',
      'Age of the oldest owed reply the last sweep claimed',
    ),
    caMails: counter('evssl_ca_mails_total', 'CA mails recognised, by kind and trust verdict', [
      'kind',
      'trust',
    ]),
    mailsQuarantined: counter('evssl_mails_quarantined_total', 'Inbound mails set aside unprocessed', [
      'reason',
    ]),
    imapReconnects: counter('evssl_imap_reconnects_total', 'IMAP sessions re-established after a drop'),
    remindersSent: counter('evssl_reminders_sent_total', 'Renewal reminders sent', ['kind']),
    remindersFailed: counter('evssl_reminders_failed_total', 'Reminder sends that failed', ['kind']),
    reminderLagSeconds: new prom.Histogram({
      name: 'evssl_reminder_lag_seconds',
      help: 'How late a reminder went out behind its schedule',
      buckets: [1, 5, 15, 60, 300, 900, 3600],
      registers: r,
    }),
    oauthRefreshFailures: counter(
      'evssl_oauth_refresh_failures_total',
      'Mail OAuth token refreshes that failed',
    ),
    slackRateLimited: counter('evssl_slack_rate_limited_total', 'Slack Web API answers with HTTP 429'),
    slackChannelPaused: counter(
      'evssl_slack_channel_paused_total',
      'Slack posts held for one channel’s Retry-After (the other channels go on)',
    ),
    httpTimeouts: counter('evssl_http_timeouts_total', 'Outbound HTTP attempts that got no answer in time'),
    shutdowns: counter('evssl_shutdown_signals_total', 'Shutdown signals received', ['signal']),
  };
}
