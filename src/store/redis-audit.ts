import type { AuditEntry } from './application-store.js';
import type { DataKeys } from './data-keys.js';
import { LruCache } from './lru-cache.js';

/**
 * Audit entries as Redis Stream fields. Who acted is encrypted (an email address is personal data);
 * when, the step, the event kind and which questions changed are not personal and stay plain.
 */
export class AuditCodec {
  /** The same actor on the same application reuses its envelope (saves a cipher per write). */
  readonly #actors = new LruCache<string, string>(1000);

  constructor(private readonly data: DataKeys) {}

  encode(applicationId: string, entry: AuditEntry): string[] {
    return [
      'at',
      entry.at,
      'actor',
      this.#sealedActor(applicationId, entry.actor),
      ...(entry.step ? ['step', entry.step] : []),
      'changed',
      JSON.stringify(entry.changed),
      ...(entry.event ? ['event', entry.event] : []),
    ];
  }

  decode(applicationId: string, flat: string[]): AuditEntry {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
    return {
      at: f.at ?? '',
      actor: this.data.open(JSON.parse(f.actor ?? '{}'), `${applicationId}:audit`),
      ...(f.step ? { step: f.step } : {}),
      changed: JSON.parse(f.changed ?? '[]') as string[],
      ...(f.event ? { event: f.event } : {}),
    };
  }

  #sealedActor(applicationId: string, actor: string): string {
    const key = `${applicationId}\n${actor}`;
    let sealed = this.#actors.get(key);
    if (sealed === undefined) {
      sealed = JSON.stringify(this.data.seal(actor, `${applicationId}:audit`));
      this.#actors.set(key, sealed);
    }
    return sealed;
  }
}
