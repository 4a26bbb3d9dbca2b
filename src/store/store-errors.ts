/**
 * The store could not be reached. `committed` says what the caller may tell the user: `false` = the
 * write certainly did not happen (safe to ask them to send again); `unknown` = a write was sent and its
 * answer lost, and a resend after reconnecting could not settle it either.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(
    readonly committed: false | 'unknown',
    readonly hint = 'check that Redis (REDIS_URL) is running and reachable; the bot reconnects on its own',
  ) {
    super(
      `the application store is unavailable (${committed === false ? 'nothing written' : 'outcome unknown'})`,
    );
    this.name = 'StoreUnavailableError';
  }
}
