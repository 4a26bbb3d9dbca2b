import type { Logger } from 'pino';
import { DAY_MS } from '../flow/days.js';
import type { ReminderNotifier } from '../remind/notifier.js';
import { checkSite } from './site-check.js';
import { runSiteWatch, type SiteWatchRegistry } from './site-watch.js';

/**
 * Runs the site check of every tracked certificate a minute after start and then once a day, on every
 * instance (the nudges are claimed once per day and reason, so several instances send one). `days` 0
 * turns it off.
 */
export function startSiteWatch(options: {
  registry: SiteWatchRegistry;
  notifier: ReminderNotifier;
  logger: Logger;
  days: number;
}): { stop(): Promise<void> } {
  if (options.days === 0) return { stop: async () => {} };
  const logger = options.logger.child({ component: 'site-check' });
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= runSiteWatch({
      registry: options.registry,
      notifier: options.notifier,
      checkSite,
      logger,
      clock: () => new Date(),
      notInstalledDays: options.days,
    })
      .catch((err: unknown) => logger.warn({ err: (err as Error).name }, 'daily site check failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(run, 60_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(daily);
      await running;
    },
  };
}
