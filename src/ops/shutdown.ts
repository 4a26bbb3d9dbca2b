import { constants } from 'node:os';
import type { Logger } from '../log/logger.js';
import { metrics } from './metrics.js';
import type { OpsState } from './ops-state.js';

export interface ShutdownOptions {
  logger: Logger;
  state: OpsState;
  /** SHUTDOWN_TIMEOUT_SECONDS: past it the process exits (code 1) with whatever is still running. */
  timeoutMs: number;
  exit?: (code: number) => never;
}

/** Why the process stops: a signal, or an uncaught exception judged fatal (src/ops/process-guards.ts). */
export type StopReason = { type: 'signal'; signal: NodeJS.Signals } | { type: 'fatal' };

export interface Shutdown {
  /** Resolves on the first SIGTERM/SIGINT (or `trigger`): the server starts draining then. */
  requested: Promise<StopReason>;
  trigger(reason: StopReason): void;
  /** The exit code main returns: 0 after a signal, 1 after a fatal error. */
  readonly code: number;
}

/**
 * Graceful shutdown for a server process. The first SIGTERM or SIGINT marks the process draining (new
 * HTTP requests get 503, readiness fails), arms the deadline and resolves `requested`: main then stops
 * the channels (turns in flight finish, IMAP IDLE ends, the reminder worker stops fetching), flushes the
 * outbox relay and closes the store. A second signal exits at once (128 + the signal's number, as a
 * shell reports a killed process). The console installs none of this: Ctrl-C there ends it as usual.
 */
export function installShutdown(options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let resolve!: (reason: StopReason) => void;
  const requested = new Promise<StopReason>((r) => {
    resolve = r;
  });
  let reason: StopReason | undefined;
  const trigger = (why: StopReason) => {
    if (reason) return;
    reason = why;
    options.state.draining = true;
    const timer = setTimeout(() => {
      options.logger.error(
        { timeoutMs: options.timeoutMs },
        'shutdown deadline passed: exiting with work left',
      );
      exit(1);
    }, options.timeoutMs);
    // Does not by itself keep the process alive: once everything is closed it exits before this fires.
    timer.unref();
    resolve(why);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    metrics().shutdowns.inc({ signal });
    if (reason) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      exit(128 + (constants.signals[signal] ?? 15));
      return;
    }
    options.logger.info(
      { signal, timeoutMs: options.timeoutMs },
      'shutting down: finishing the work in hand',
    );
    trigger({ type: 'signal', signal });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    requested,
    trigger,
    get code() {
      return reason?.type === 'fatal' ? 1 : 0;
    },
  };
}
