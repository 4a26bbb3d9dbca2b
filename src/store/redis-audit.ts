import { isStepId } from '../flow/procedure/step.js';
import type { AuditEntry } from './application-store.js';
import type { DataKeys, Envelope } from './data-keys.js';
import { LruCache } from './lru-cache.js';

/**
 * Audit entries in a Redis Stream. Who acted is encrypted (an email address is personal data); when,
 * the step, the event kind and which questions changed are not personal and stay plain. An entry is one
 * stream field `e`, a JSON object whose `actor` is the sealed envelope: one argument for the write
 * script instead of ten. Entries written as separate fields (`at`, `actor`, …) by earlier versions
 * still read.
 */
export class AuditCodec {
  /** The same actor on the same application reuses its envelope (saves a cipher per write). */
  readonly #actors = new LruCache<string, string>(1000);

  constructor(private readonly data: DataKeys) {}

  encode(applicationId: string, entry: AuditEntry): string {
    // Built by hand around the cached envelope JSON (JSON.stringify would re-serialise it every time).
    return (
      `{"at":${JSON.stringify(entry.at)},"actor":${this.#sealedActor(applicationId, entry.actor)}` +
      (entry.step ? `,"step":${JSON.stringify(entry.step)}` : '') +
      `,"changed":${JSON.stringify(entry.changed)}` +
      (entry.event ? `,"event":${JSON.stringify(entry.event)}` : '') +
      '}'
    );
  }

  decode(applicationId: string, flat: string[]): AuditEntry {
    const f: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
    const e = f.e === undefined ? undefined : (JSON.parse(f.e) as Record<string, unknown>);
    const actor = e ? (e.actor as Envelope) : (JSON.parse(f.actor ?? '{}') as Envelope);
    const at = e ? e.at : f.at;
    const step = e ? e.step : f.step;
    const event = e ? e.event : f.event;
    return {
      at: typeof at === 'string' ? at : '',
      actor: this.data.open(actor, `${applicationId}:audit`),
      ...(isStepId(step) ? { step } : {}),
      changed: e ? (e.changed as string[]) : (JSON.parse(f.changed ?? '[]') as string[]),
      ...(typeof event === 'string' && event ? { event } : {}),
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
