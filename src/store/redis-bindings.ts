import type { DataKeys } from './data-keys.js';
import { LruCache } from './lru-cache.js';
import type { RedisCalls } from './redis-calls.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import type { Scripts } from './redis-scripts.js';

export interface RedisBindingsDeps {
  client: RedisClient;
  calls: RedisCalls;
  keys: RedisKeys;
  data: DataKeys;
  scripts: Pick<Scripts, 'evsslBind'>;
  now: () => number;
  /** Bindings remembered in this process (0 turns the cache off). */
  cacheSize: number;
}

/**
 * Which application a conversation (a Slack DM or thread, an email thread) is bound to: the key
 * `evssl:conv:<conversation>` holds the id; the application's hash keeps each bound conversation's name
 * sealed (`n:<key>`: an email thread's name is a Message-ID, personal data), which is how a CA-mail
 * notice finds the threads to post in. The save script writes both with the turn that creates or joins
 * an application; `bind` is for a binding made outside a turn (and a Cluster, where the conversation key
 * is another slot).
 */
export class RedisBindings {
  readonly #d: RedisBindingsDeps;
  readonly #cache: LruCache<string, string>;
  #seq = 0;

  constructor(deps: RedisBindingsDeps) {
    this.#d = deps;
    this.#cache = new LruCache(deps.cacheSize);
  }

  /** The application this process last saw the conversation bound to (no round trip). */
  cached(conversation: string): string | undefined {
    return this.#cache.get(conversation);
  }

  remember(conversation: string, applicationId: string): void {
    this.#cache.set(conversation, applicationId);
  }

  /**
   * After a save that bound these conversations: remembered here, and in a Cluster written now (the save
   * script cannot write them: another slot).
   */
  async committed(applicationId: string, conversations: string[]): Promise<void> {
    for (const conversation of conversations) {
      if (this.#d.client.isCluster) await this.bind(conversation, applicationId);
      else this.#cache.set(conversation, applicationId);
    }
  }

  async resolve(conversation: string): Promise<string | null> {
    const key = this.#d.keys.conversation(conversation);
    return this.#d.calls.read(() => this.#d.client.get(key));
  }

  async bind(conversation: string, applicationId: string): Promise<void> {
    const { client, calls, keys } = this.#d;
    const convKey = keys.conversation(conversation);
    const { app, convs } = keys.app(applicationId);
    const name = this.seal(applicationId, conversation, this.#d.now());
    if (client.isCluster) {
      const ttl = await calls.read(() => client.pttl(app));
      await calls.write(() =>
        ttl > 0 ? client.set(convKey, applicationId, 'PX', ttl) : client.set(convKey, applicationId),
      );
      if (ttl !== -2) await calls.write(() => client.hset(app, keys.nameField(convKey), name));
    } else {
      await calls.write(() => this.#d.scripts.evsslBind(3, convKey, app, convs, applicationId, name));
    }
    this.#cache.set(conversation, applicationId);
  }

  /** The conversations bound to an application, oldest binding first. */
  async conversations(applicationId: string): Promise<string[]> {
    const { client, calls, keys, data } = this.#d;
    const { app } = keys.app(applicationId);
    const fields: string[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await calls.read(() => client.hscan(app, cursor, 'MATCH', 'n:*', 'COUNT', 200));
      cursor = next;
      fields.push(...flat);
    } while (cursor !== '0');
    const names: Array<{ c: string; at: number; i: number; key: string }> = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const field = fields[i]!;
      try {
        const name = data.openJson(fields[i + 1]!, `${applicationId}|${field}`);
        names.push({ ...(name as { c: string; at: number; i: number }), key: field.slice(2) });
      } catch {
        // Sealed under a key since dropped from DATA_KEYS: not listed (a CA notice then falls back to a DM).
      }
    }
    // Only conversations still bound here: a key re-bound to another application keeps its old name.
    const bound = await calls.read(() => Promise.all(names.map((n) => client.get(n.key))));
    return names
      .filter((_, i) => bound[i] === applicationId)
      .sort((a, b) => a.at - b.at || a.i - b.i)
      .map((n) => n.c);
  }

  /** A bound conversation's name, sealed for the app hash (the save script's last arguments). */
  seal(applicationId: string, conversation: string, at: number): string {
    const field = this.#d.keys.nameField(this.#d.keys.conversation(conversation));
    // `i` orders the bindings of one millisecond (in this process; across processes a tie is harmless).
    this.#seq += 1;
    return this.#d.data.sealJson({ c: conversation, at, i: this.#seq }, `${applicationId}|${field}`);
  }
}
