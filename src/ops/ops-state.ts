/** One readiness check's answer: `detail` says what to look at, and never holds a secret. */
export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

/**
 * What the health endpoints report for this process: the readiness checks the channels registered as
 * they started (store, Slack, IMAP), and whether the process is draining (a shutdown signal came: new
 * requests get 503, readiness fails so a load balancer stops sending).
 */
export class OpsState {
  readonly #checks = new Map<string, ReadinessCheck>();
  draining = false;

  addCheck(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Every check, each bounded by `timeoutMs` (a hung store answers "not ready", not never). */
  async readiness(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await bounded(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    if (this.draining) checks.shutdown = { ok: false, detail: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }
}

async function bounded(check: ReadinessCheck, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${ms} ms` }), ms);
      }),
    ]);
  } catch (err) {
    // The error's code only: a message may carry a URL with a password.
    const code = (err as { code?: unknown }).code;
    return {
      ok: false,
      detail: typeof code === 'string' ? code : err instanceof Error ? err.name : 'failed',
    };
  } finally {
    clearTimeout(timer);
  }
}

let state: OpsState | undefined;

/** The process's one state (main and the channels share it). */
export function opsState(): OpsState {
  state ??= new OpsState();
  return state;
}
