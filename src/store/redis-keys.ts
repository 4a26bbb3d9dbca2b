import * as crypto from 'node:crypto';

/** One-shot SHA-256 (Node 20.12+: no Hash object per call, a third of the cost), else createHash. */
const sha256: (value: string) => string =
  typeof crypto.hash === 'function'
    ? (value) => crypto.hash('sha256', value, 'base64url')
    : (value) => crypto.createHash('sha256').update(value).digest('base64url');

/** Short, stable and opaque: conversation keys and event ids can hold addresses (email Message-IDs). */
export function digest(value: string): string {
  return sha256(value).slice(0, 22);
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Key names of the Redis store. Everything about one application carries its id as a hash tag, so a
 * Cluster keeps it in one slot and one script can write it all:
 * `{prefix}{ID}:app` (hash: v, status, flow, w write token, x expiry deadline, a audit has expiry,
 * blob, e:<digest> processed events, n:<conversation key> the sealed name of a bound conversation — the
 * only way back from a digest to the conversation), `:audit` (stream), `:convs` (set of its conversation
 * keys, standalone and Sentinel). Conversation bindings are `{prefix}conv:<digest>` → application id.
 *
 * `list`'s index: `{prefix}member:<token>`, `{prefix}ws:<token>`, `{prefix}host:<token>` and
 * `{prefix}order:<token>` are sorted sets of application ids (score: the version that filed the id
 * there), by member `channel:id`, by Slack workspace scope, by bare host name of the CSR and by CA order
 * number; the application hash's field `m` holds the index entries it is filed under
 * (`host:<token> member:<token> order:<token> ws:<token>`, sorted; `?` first while a Cluster is still
 * filing them). Tokens are keyed HMACs (DataKeys.indexTokens), not `digest`: a member key can be an email
 * address, and a plain hash of one is found by hashing a list of addresses. Host names and order numbers
 * are not personal, but take the same tokens: one scheme, and no list of customers' domains in key
 * names. `{prefix}index:v1` says the applications saved before the index have been filed,
 * `{prefix}index:v2` that those filed before host names and order numbers were have been filed again.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  app(id: string): {
    app: string;
    audit: string;
    convs: string;
    out: string;
    lease: string;
    base: string;
  } {
    if (!SAFE_ID.test(id)) throw new Error('application id must be 1-64 letters, digits, _ or -');
    const base = `${this.prefix}{${id}}:`;
    return {
      app: `${base}app`,
      audit: `${base}audit`,
      convs: `${base}convs`,
      out: `${base}out`,
      lease: `${base}lease`,
      base,
    };
  }

  /** The sorted set of applications with replies owed (score: when the oldest was committed, ms). */
  get owed(): string {
    return `${this.prefix}owed`;
  }

  /** A processed event that committed nothing (ApplicationStore.claimEvent). */
  event(eventId: string): string {
    return `${this.prefix}ev:${digest(eventId)}`;
  }

  /** The field of the application hash holding the question a conversation was last shown. */
  shownField(conversationKey: string): string {
    return `q:${conversationKey}`;
  }

  /** The field of the application hash that remembers a processed event (value: until when, ms). */
  eventField(eventId: string): string {
    return `e:${digest(eventId)}`;
  }

  conversation(conversation: string): string {
    return `${this.prefix}conv:${digest(conversation)}`;
  }

  /** The field of the application hash that holds a bound conversation's sealed name (see the scripts). */
  nameField(conversationKey: string): string {
    return `n:${conversationKey}`;
  }

  /**
   * The index entry (a key name without the prefix, as the app hash's `m` lists it) of a term of
   * `indexTerms` (`member|…`, `ws|…`, `host|…`, `order|…`) under one of its tokens: `member:<token>`, ….
   */
  indexEntry(term: string, token: string): string {
    return `${term.slice(0, term.indexOf('|'))}:${token}`;
  }

  /** The sorted set of application ids filed under an index entry. */
  index(entry: string): string {
    return `${this.prefix}${entry}`;
  }

  /** Present once the applications saved before the index have been filed (see the store's `list`). */
  get indexMarker(): string {
    return `${this.prefix}index:v1`;
  }

  /**
   * Present once the applications filed before host names and order numbers were indexed (an `m`
   * without a `host:` or `order:` entry) have been filed again.
   */
  get termsMarker(): string {
    return `${this.prefix}index:v2`;
  }

  /** The application id of an application hash's key (as SCAN or `app(id).app` name it). */
  idOfApp(key: string): string {
    return key.slice(key.indexOf('{') + 1, key.lastIndexOf('}'));
  }

  /** SCAN pattern matching every application hash (braces are literal in Redis glob patterns). */
  get appPattern(): string {
    return `${this.prefix}{*}:app`;
  }
}
