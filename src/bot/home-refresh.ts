import { codeOf } from '../errors.js';
import type { Application } from '../flow/state.js';
import type { Logger } from '../log/logger.js';

/** Publishes one user's Home tab (`views.publish` of the view built from the store now). */
export type PublishHome = (scope: string, user: string) => Promise<void>;

/**
 * Keeps App Home current: after a committed turn or a CA-mail notice, the Home tabs of the people
 * concerned are republished in the background (never awaited by a reply). Per user at most one publish
 * is in flight; a refresh asked for meanwhile runs once more after it, reading the store then — so the
 * last view published is built from the latest state, and a burst of turns costs at most two publishes.
 * Errors are logged with Slack's error code only (no user ids), never shown.
 */
export class HomeRefresher {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();

  /**
   * @param minGapMs least time between two publishes for one user: building the view reads and decrypts
   * the user's applications (the store's member index) and calls views.publish, so a busy conversation
   * must not cost that on every turn. A refresh asked for
   * within the gap runs once when it ends, so the last view is still the latest state.
   */
  constructor(
    private readonly publish: PublishHome,
    private readonly logger: Logger,
    private readonly minGapMs = 0,
  ) {}

  /** Republishes the Home tab of each user (Slack user ids of one workspace scope). */
  refresh(scope: string, users: Iterable<string>): void {
    for (const user of new Set(users)) this.#refreshOne(scope, user);
  }

  /** Republishes the Home tab of the application's Slack members, and of `actor` (who just acted). */
  refreshApplication(app: Application, actor?: { scope: string; user: string }): void {
    const byScope = new Map<string, string[]>();
    const add = (scope: string, user: string) => byScope.set(scope, [...(byScope.get(scope) ?? []), user]);
    if (actor) add(actor.scope, actor.user);
    for (const member of app.members) {
      // A Slack member's id is `<scope>:<user>` (src/bot/slack-ids.ts); the user id has no colon.
      const at = member.id.lastIndexOf(':');
      if (member.channel === 'slack' && at > 0) add(member.id.slice(0, at), member.id.slice(at + 1));
    }
    for (const [scope, users] of byScope) this.refresh(scope, users);
  }

  /** Whether a refresh is running. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  /** Resolves once no refresh is running, or after `timeoutMs` (false then): shutdown and tests. */
  async settled(timeoutMs = 10_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = (async () => {
      while (this.#running.size > 0) await Promise.all(this.#running.values());
      return true as const;
    })();
    try {
      return await Promise.race([drained, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #refreshOne(scope: string, user: string): void {
    const key = `${scope}:${user}`;
    if (this.#running.has(key)) {
      this.#again.add(key);
      return;
    }
    const run = async () => {
      do {
        this.#again.delete(key);
        try {
          await this.publish(scope, user);
        } catch (err) {
          this.logger.warn({ err: codeOf(err) }, 'App Home refresh failed');
        }
        if (this.minGapMs > 0) await new Promise((resolve) => setTimeout(resolve, this.minGapMs).unref());
      } while (this.#again.has(key));
      this.#running.delete(key);
    };
    this.#running.set(key, run());
  }
}
