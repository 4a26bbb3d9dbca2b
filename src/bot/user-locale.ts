import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Lang } from '../flow/types.js';

const HOUR_MS = 3_600_000;
const MAX_USERS = 10_000;
const RETRY_MS = 300_000;

/**
 * The language of a Slack user's locale (`users.info` with `include_locale`, scope `users:read`), for
 * the commands whose words say nothing (`/evssl` alone, `/evssl 2`). Cached an hour per user (a miss too:
 * an installation without the scope asks once an hour, not per command; after a failure, 5 minutes);
 * undefined when unknown.
 */
export class UserLocales {
  readonly #cache = new Map<string, { lang: Lang | undefined; until: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async lang(client: webApi.WebClient, user: string): Promise<Lang | undefined> {
    const hit = this.#cache.get(user);
    if (hit && hit.until > this.now()) return hit.lang;
    let lang: Lang | undefined;
    let ttl = HOUR_MS;
    try {
      const info = await client.users.info({ user, include_locale: true });
      const locale = (info.user as { locale?: string } | undefined)?.locale ?? '';
      lang = /^ja\b/i.test(locale) ? 'ja' : /^en\b/i.test(locale) ? 'en' : undefined;
    } catch (err) {
      this.logger.debug({ err: (err as { data?: { error?: string } }).data?.error }, 'no Slack locale');
      // A missing scope stays missing; a rate limit or an outage is asked again sooner.
      if ((err as { data?: { error?: string } }).data?.error !== 'missing_scope') ttl = RETRY_MS;
    }
    if (this.#cache.size >= MAX_USERS) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(user, { lang, until: this.now() + ttl });
    return lang;
  }
}
