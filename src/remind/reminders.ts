import type { Logger } from 'pino';
import type { NudgeService } from './nudge-service.js';
import type { RemindService } from './remind-service.js';

/** This instance's reminders (renewal and reissue reminders, stalled-step nudges), when they run. */
export interface Reminders {
  service: RemindService;
  nudges: NudgeService;
  defaultTeam: string;
  logger: Logger;
}
