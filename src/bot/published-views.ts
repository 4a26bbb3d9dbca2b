/**
 * Per user, the App Home view this process last published and when. A background refresh after a turn
 * that changed nothing the Home tab shows (a `status`, a `help`) builds the same view again: it is not
 * sent, which spares `views.publish` (rate-limited per workspace) and the client's work. An entry is
 * trusted for `maxAgeMs` only: another instance may have published since (it read the same store, so
 * its view is as new or newer; the bound covers a change there and back). Opening the Home tab always
 * publishes (`forget`).
 */
export class PublishedViews {
  readonly #last = new Map<string, { view: string; at: number }>();

  constructor(
    private readonly maxAgeMs = 60_000,
    private readonly maxUsers = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `view` (its JSON) is what this process published for `key` within `maxAgeMs`. */
  same(key: string, view: string): boolean {
    const last = this.#last.get(key);
    return last !== undefined && last.view === view && this.now() - last.at < this.maxAgeMs;
  }

  /** Records a view Slack accepted. The oldest user is dropped beyond `maxUsers`. */
  record(key: string, view: string): void {
    this.#last.delete(key);
    this.#last.set(key, { view, at: this.now() });
    if (this.#last.size > this.maxUsers) this.#last.delete(this.#last.keys().next().value as string);
  }

  /** The next publish for `key` is sent whatever it holds. */
  forget(key: string): void {
    this.#last.delete(key);
  }
}
