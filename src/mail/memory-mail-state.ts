import type {
  MailCheckpoint,
  MailFailure,
  MailStateStore,
  MailThread,
  OutboxMessage,
} from './mail-state-store.js';

/** The embedded default: this process's memory, lost on exit (like MemoryApplicationStore). */
export class MemoryMailState implements MailStateStore {
  readonly #outbox = new Map<string, string>();
  readonly #checkpoints = new Map<string, string>();
  readonly #threads = new Map<string, string>();
  readonly #failures = new Map<string, MailFailure>();
  readonly #locks = new Map<string, { owner: string; until: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async putOutbox(message: OutboxMessage): Promise<boolean> {
    if (this.#outbox.has(message.id)) return false;
    this.#outbox.set(message.id, JSON.stringify(message));
    return true;
  }

  async getOutbox(id: string): Promise<OutboxMessage | null> {
    const json = this.#outbox.get(id);
    return json ? (JSON.parse(json) as OutboxMessage) : null;
  }

  async dueOutbox(now: number, limit = 50): Promise<OutboxMessage[]> {
    return [...this.#outbox.values()]
      .map((j) => JSON.parse(j) as OutboxMessage)
      .filter((m) => m.status === 'pending' && m.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)
      .slice(0, limit);
  }

  async markSent(id: string, sentAt: string): Promise<void> {
    this.#update(id, (m) => ({ ...m, status: 'sent', sentAt, attempts: m.attempts + 1 }));
  }

  async markFailed(id: string, error: string, nextAttemptAt: number | undefined): Promise<void> {
    this.#update(id, (m) => ({
      ...m,
      attempts: m.attempts + 1,
      lastError: error,
      ...(nextAttemptAt === undefined ? { status: 'failed' as const } : { nextAttemptAt }),
    }));
  }

  #update(id: string, f: (m: OutboxMessage) => OutboxMessage): void {
    const json = this.#outbox.get(id);
    if (json) this.#outbox.set(id, JSON.stringify(f(JSON.parse(json) as OutboxMessage)));
  }

  async getCheckpoint(mailbox: string): Promise<MailCheckpoint | null> {
    const json = this.#checkpoints.get(mailbox);
    return json ? (JSON.parse(json) as MailCheckpoint) : null;
  }

  async setCheckpoint(mailbox: string, checkpoint: MailCheckpoint): Promise<void> {
    this.#checkpoints.set(mailbox, JSON.stringify(checkpoint));
  }

  async recordFailure(mailbox: string, mail: string, code: string): Promise<number> {
    const last = this.#failures.get(mailbox);
    const count = last && last.mail === mail && last.code === code ? last.count + 1 : 1;
    this.#failures.set(mailbox, { mail, code, count });
    return count;
  }

  async getThread(applicationId: string): Promise<MailThread | null> {
    const json = this.#threads.get(applicationId);
    return json ? (JSON.parse(json) as MailThread) : null;
  }

  async setThread(thread: MailThread): Promise<void> {
    this.#threads.set(thread.applicationId, JSON.stringify(thread));
  }

  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.#locks.get(name);
    if (held && held.until > this.#now() && held.owner !== owner) return false;
    this.#locks.set(name, { owner, until: this.#now() + ttlMs });
    return true;
  }

  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.#locks.get(name);
    if (!held || held.owner !== owner || held.until <= this.#now()) return false;
    held.until = this.#now() + ttlMs;
    return true;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    if (this.#locks.get(name)?.owner === owner) this.#locks.delete(name);
  }

  async close(): Promise<void> {}
}
