/**
 * The errors that can reach an operator, each with a stable code (logged, counted, shown by the CLI) and
 * the fix for it. Messages never carry personal data or secrets; where one error stands for several
 * causes, the message names which.
 */
export const ERROR_HINTS = {
  config_invalid: 'fix or unset the settings listed (README "Configuration"), then start again',
  store_unavailable: 'check that Redis (REDIS_URL) is running and reachable; the bot reconnects on its own',
  database_in_use: 'stop the other evssl-bot process, or give this one another DATABASE_PATH',
  data_key_invalid: 'generate a key with `openssl rand -base64 32` and set DATA_KEYS=k1:<that key>',
  mail_unreadable: 'nothing to do: the mail is quarantined after a bounded number of attempts',
  mail_too_large: 'nothing to do: the sender is told the size limit (MAIL_MAX_BYTES)',
  oauth_token_failed: 'check MAIL_OAUTH_* (client id, secret, refresh token or tenant) at the provider',
  fetch_timeout: 'check the network path to the Slack API (SLACK_API_URL, proxy); the call is retried once',
  slack_config_invalid:
    'set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
  slack_rate_limited:
    'nothing to do: the reply stays owed and is posted again once the channel is no longer rate-limited',
  slack_http: 'check the network path to the Slack API (SLACK_API_URL, proxy); the reply stays owed',
  slack_api_error:
    'see the Slack error in the log (e.g. not_in_channel: invite the bot); a reply that can never go is dropped',
  evssl_redeliver: 'nothing to do: Slack delivers the event again and the turn runs then',
  remind_channel_not_configured: 'configure the reminder channel named in the message (REMIND_*)',
  store_schema_newer: 'upgrade evssl-bot to the version that wrote this database (or restore a backup)',
  application_unreadable:
    'restore the application from a backup or an export; DATA_KEYS must still hold the key it was written with',
  store_contention: 'nothing to do: the write is tried again at the next event',
  ct_rate_limited:
    'nothing to do: the CT watch waits as the API asked (or set CT_API_KEY for a higher limit)',
  ct_http: 'check CT_API_URL and CT_API_KEY',
  ct_network: 'check the network path to CT_API_URL',
  ct_unreadable: 'check that CT_API_URL is a Cert Spotter API v1 endpoint',
  nta_timeout: 'nothing to do: the lookup is retried later (the circuit breaker waits first)',
  nta_http: 'check NTA_APP_ID and NTA_API_URL',
  nta_network: 'check the network path to NTA_API_URL',
  nta_unreadable: 'check that NTA_API_URL is the National Tax Agency Web-API v4',
  export_invalid:
    'give the file `evssl-bot export` wrote, whole, with the DATA_KEYS it was sealed with; nothing was imported',
  import_failed: 'run the same import again: what is already in the target is skipped',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_HINTS;

/** An error with a code from the list above and the hint that says how to fix it. */
export class CodedError extends Error {
  readonly hint: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint ?? ERROR_HINTS[code];
  }
}

/**
 * The code of any error, for a log line or a metric label: ours, then a library's (Slack's `data.error`
 * such as `not_authed`, Node's `ECONNRESET`, mailparser's `EMAXLEN`), then the error's class name. Never
 * the message (it may echo data).
 */
export function codeOf(err: unknown): string {
  if (!err || typeof err !== 'object') return 'error';
  const e = err as { code?: unknown; name?: unknown; data?: { error?: unknown } };
  if (typeof e.data?.error === 'string' && e.data.error !== '') return e.data.error;
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  if (typeof e.code === 'number') return String(e.code);
  return typeof e.name === 'string' && e.name !== '' ? e.name : 'error';
}
