import type { Redis } from 'ioredis';
import type { ReminderScheduler } from './scheduler.js';
import type { ReminderJob } from './types.js';

/**
 * One-shot migration of the BullMQ layout (before issue 19): reminders were BullMQ jobs in
 * `<prefix>bull:reminders:*`, indexed by due time in `<prefix>remind:due`. That index is the new
 * schedule's due set, with the same job ids, so delayed renewals carry over as they are; this moves
 * what only BullMQ held (jobs already promoted or running, retries waiting out a backoff, nudges' data)
 * into the new schedule, then deletes the old queue. Idempotent, and safe with several instances
 * starting at once (queuing is idempotent per job id, and the sent-claims stop any repeat). Returns how
 * many jobs it moved; BullMQ is loaded only when an old queue is there.
 */
export async function migrateLegacyQueue(
  redis: Redis,
  scheduler: ReminderScheduler,
  queueName = 'reminders',
): Promise<number> {
  const base = `${scheduler.prefix}bull:${queueName}`;
  if ((await redis.exists(`${base}:meta`, `${base}:id`, `${base}:delayed`, `${base}:wait`)) === 0) return 0;
  const { Queue } = await import('bullmq');
  const queue = new Queue<ReminderJob>(queueName, {
    connection: redis as never,
    prefix: `${scheduler.prefix}bull`,
  });
  try {
    const jobs = await queue.getJobs(['delayed', 'wait', 'waiting', 'active', 'prioritized'], 0, -1);
    const data = jobs.flatMap((j) => (j?.data && typeof j.data.dueAt === 'number' ? [j.data] : []));
    await scheduler.enqueue(data);
    await queue.obliterate({ force: true });
    return data.length;
  } finally {
    await queue.close();
  }
}
