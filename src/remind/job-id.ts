import type { ReminderJob } from './types.js';

/**
 * A job's id, stable per certificate revision and threshold (or application, stall and nudge), so a
 * job queued twice is one job. In its own module: the embedded scheduler uses it without loading ioredis.
 */
export function jobIdFor(job: ReminderJob): string {
  // No ':' (the BullMQ layout refused it, and these ids carried over); a renewal's id is all its data.
  return job.type === 'renewal'
    ? `r_${job.certId}_${job.rev}_${job.threshold}`
    : `n_${job.applicationId}_${Date.parse(job.since)}_${job.nudge}`;
}
