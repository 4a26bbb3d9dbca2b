import { CodedError } from '../errors.js';

/**
 * The store could not be reached. `committed` says what the caller may tell the user: `false` = the
 * write certainly did not happen (safe to ask them to send again); `unknown` = a write was sent and its
 * answer lost, and a resend after reconnecting could not settle it either.
 */
export class StoreUnavailableError extends CodedError {
  constructor(
    readonly committed: false | 'unknown',
    hint?: string,
  ) {
    super(
      'store_unavailable',
      `the application store is unavailable (${committed === false ? 'nothing written' : 'outcome unknown'})`,
      { hint },
    );
  }
}
