import type { Logger } from '../log/logger.js';

/**
 * Socket-level faults a library emitted without an `error` listener (a peer reset a kept-alive
 * connection, a DNS hiccup): the connection is gone, nothing else is in doubt, the process keeps serving.
 */
const TRANSIENT = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** True when an uncaught exception leaves the process in a state that must not keep serving. */
export function isFatal(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && TRANSIENT.has(code));
}

/**
 * Process-level last resorts for a server. Logged: the error's class, code and stack frames, never its
 * message (it may quote an address, a token in a URL, a field a person typed).
 * - unhandledRejection: logged, the process keeps serving (a promise nobody awaited failed; the work
 *   it belonged to has already answered or will be retried by its channel).
 * - uncaughtException: a transient socket fault (above) is logged and the process keeps serving; any
 *   other is fatal, since Node cannot promise a consistent state after one: logged, then `onFatal`
 *   starts the graceful shutdown (turns in flight finish, exit code 1, the supervisor restarts it).
 */
export function installProcessGuards(logger: Logger, onFatal: () => void): () => void {
  const onRejection = (reason: unknown) => {
    logger.error(
      { ...describe(reason), kind: 'unhandledRejection' },
      'unhandled promise rejection (serving on)',
    );
  };
  const onException = (err: unknown) => {
    const fatal = isFatal(err);
    logger.error(
      { ...describe(err), kind: 'uncaughtException', fatal },
      fatal ? 'uncaught exception: shutting down' : 'uncaught socket error (serving on)',
    );
    if (fatal) onFatal();
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

function describe(err: unknown): { err: string; errorCode?: string; frames?: string[] } {
  if (!(err instanceof Error)) return { err: typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((l) => l.trim());
  return { err: err.name, ...(typeof code === 'string' ? { errorCode: code } : {}), frames };
}
