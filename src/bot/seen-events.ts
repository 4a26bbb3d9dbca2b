/**
 * Event ids seen recently by this process. Slack retries an event it thinks was not acknowledged
 * (`X-Slack-Retry-Num`), with the same `event_id`: the retry is dropped here before any work. The store's
 * event ids catch the retries another process received; this catches the ones that never reach a save
 * (the greeting of an unbound conversation). Bounded: the oldest ids are forgotten first.
 */
export class SeenEvents {
  readonly #ids = new Set<string>();
  constructor(readonly capacity = 10_000) {}

  /** True the first time an id is offered, false for every repeat while it is remembered. */
  first(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }
}
