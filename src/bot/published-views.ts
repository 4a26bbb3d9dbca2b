import { createHash } from 'node:crypto';

/** A view's digest (of its JSON): what is kept per user (a view is kilobytes; thousands are kept). */
export const viewDigest = (json: string): string => createHash('sha256').update(json).digest('base64');

/**
 * Per user, the App Home view this process last published and when. A background refresh after a turn
 * that changed nothing the Home tab shows (a `status`, a `help`) builds the same view again: it is not
 * sent, which spares `views.publish` (rate-limited per workspace) and the client's work. An entry is
 * trusted for `maxAgeMs` only: another instance may have published since (it read the same store, so
 * its view is as new or newer; the bound covers a change there and back). Opening the Home tab always
 * publishes (`forget`).
 */
export class PublishedViews {
  /** Per user, the digest of the view last published and when. */
  readonly #last = new Map<string, { digest: string; at: number }>();

  constructor(
    private readonly maxAgeMs = 60_000,
    private readonly maxUsers = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the view of `digest` (viewDigest) is what this process published for `key` within `maxAgeMs`. */
  same(key: string, digest: string): boolean {
    const last = this.#last.get(key);
    return last !== undefined && last.digest === digest && this.now() - last.at < this.maxAgeMs;
  }

  /** Records the digest of a view Slack accepted. The oldest user is dropped beyond `maxUsers`. */
  record(key: string, digest: string): void {
    this.#last.delete(key);
    this.#last.set(key, { digest, at: this.now() });
    if (this.#last.size > this.maxUsers) this.#last.delete(this.#last.keys().next().value as string);
  }

  /** The next publish for `key` is sent whatever it holds. */
  forget(key: string): void {
    this.#last.delete(key);
  }
}
