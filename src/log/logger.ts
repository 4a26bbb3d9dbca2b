import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** The fields that carry a CA's verification code: the parsed mail's, and the two kept in `app.ca`. */
const CODE_FIELDS = ['verificationCode', 'approvalCode', 'agreementCode'];

/**
 * Paths pino blanks out wherever they appear: secrets and personal data never reach a log line
 * (house style: no codes, tokens or personal data above debug; here not even at debug).
 * A plain `code` is an error code (ECONNRESET, ratelimited) and is kept: verification codes are
 * redacted by their own names, at the top, one and two levels down (`{ ca }`, `{ app: { ca } }`).
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  ...CODE_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
  'text',
  '*.text',
  'fields',
  '*.fields',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'authorization',
  '*.authorization',
  'headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines (the console channel) instead of JSON. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream | number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (options.pretty) {
    return pino(
      base,
      pretty({
        destination: typeof options.destination === 'number' ? options.destination : 2,
        colorize: false,
        ignore: 'pid,hostname',
        translateTime: 'HH:MM:ss',
        sync: true,
      }),
    );
  }
  if (options.destination !== undefined && typeof options.destination !== 'number') {
    return pino(base, options.destination);
  }
  return pino(base, pino.destination({ dest: options.destination ?? 1, sync: false }));
}
