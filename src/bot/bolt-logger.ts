import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../log/logger.js';

/**
 * Bolt's and the Web API client's log lines into our pino logger. Only warnings and errors are kept:
 * Bolt's debug lines carry request bodies (personal data) and tokens must never reach a log.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'bolt' });
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: () => {},
    info: () => {},
    warn: (...args) => log.warn(line(args)),
    error: (...args) => log.error(line(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}
