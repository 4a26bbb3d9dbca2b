import { Redis } from 'ioredis';
import type { ChannelStarter } from '../app/running-channel.js';
import { notifierOf } from '../camail/notify.js';
import type { Config } from '../config/config.js';
import type { TurnServices } from '../conversation/run-turn.js';
import { codeOf } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { RunningReminders } from '../remind/create-reminders.js';
import { createNotifier, type ReminderNotifier } from '../remind/notifier.js';
import type { CertificateRegistry } from '../remind/registry.js';
import { reminderSmtp } from '../remind/start-reminders.js';
import type { ApplicationStore } from '../store/application-store.js';
import { SqliteApplicationStore } from '../store/sqlite-store.js';
import { alertText } from './alert-text.js';
import { CertSpotterSource } from './certspotter-source.js';
import { type CtState, MemoryCtState, RedisCtState } from './ct-state.js';
import { type CtAlert, CtWatch, type WatchedDomain } from './ct-watch.js';
import { SqliteCtState } from './sqlite-ct-state.js';
import { startWebhook } from './webhook-source.js';

/**
 * Team alerts: to the team's Slack channel and email list (the reminders' teams); a domain no team
 * tracks but an issued application covers: to that application's applicant, in its own channel.
 */
export function ctAlerter(deps: {
  services: TurnServices;
  reminders?: Partial<RunningReminders>;
  notifier?: ReminderNotifier;
  lang: 'ja' | 'en';
}): CtAlert {
  const notify = notifierOf(deps.services);
  return async (alert) => {
    const teamId = alert.domain.team;
    const team = teamId ? await deps.reminders?.registry?.getTeam(teamId) : undefined;
    let delivered = false;
    if (team && deps.notifier) {
      const msg = alertText(alert, team.lang);
      if (team.slackChannel) {
        await deps.notifier.slack(team.slackChannel, msg.text);
        delivered = true;
      }
      if (team.emails.length > 0) {
        await deps.notifier.email(team.emails, msg.subject, msg.text);
        delivered = true;
      }
    }
    if (!delivered && alert.domain.applicationId) {
      const stored = await deps.services.store.load(alert.domain.applicationId);
      if (stored) {
        const msg = alertText(alert, stored.app.lang);
        delivered = await notify(stored.app, [{ type: 'text', tone: 'warning', text: msg.text }]);
      }
    }
    return delivered;
  };
}

/**
 * The team-tracked domains of the reminders' registry (Redis or the SQLite file), with what identifies
 * each tracked certificate in CT (its dates: the registry keeps no key), for the watch.
 */
export function trackedDomainsOf(registry: Pick<CertificateRegistry, 'list'> | undefined) {
  if (!registry) return undefined;
  return async (): Promise<WatchedDomain[]> =>
    (await registry.list({ limit: 10_000 })).map((c) => ({
      domain: c.domain,
      team: c.team,
      ...(c.applicationId ? { applicationId: c.applicationId } : {}),
      tracked: [{ notAfter: c.notAfter, ...(c.notBefore ? { notBefore: c.notBefore } : {}) }],
    }));
}

function ctState(config: Config, store: ApplicationStore, logger: Logger): { state: CtState; close(): void } {
  if (!config.redis.url) {
    // Beside the applications in the SQLite file; in memory only with STORE=memory.
    if (store instanceof SqliteApplicationStore)
      return { state: new SqliteCtState(store.database), close: () => {} };
    logger.info(
      'CT watch: cursors and alerts kept in memory (STORE=memory: a restart starts a new baseline)',
    );
    return { state: new MemoryCtState(), close: () => {} };
  }
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', () => {});
  return { state: new RedisCtState(redis, config.redis.prefix), close: () => redis.disconnect() };
}

/**
 * The Certificate Transparency watch, as a background "channel": CT_PROVIDER=certspotter polls every
 * CT_POLL_MINUTES; CT_PROVIDER=webhook listens on CT_API_URL. Off by default.
 */
export const startCtWatch: ChannelStarter = async (config, services) => {
  const ct = config.ct;
  if (!ct || ct.provider === 'off') return undefined;
  const logger = services.logger.child({ component: 'ct' });
  const { state, close } = ctState(config, services.store, logger);
  const reminders = services.reminders as Partial<RunningReminders> | undefined;
  const r = config.remind;
  const notifier =
    r.slackToken || r.smtpUrl
      ? createNotifier({
          ...(r.slackToken ? { slackToken: r.slackToken } : {}),
          ...(r.slackApiUrl ? { slackApiUrl: r.slackApiUrl } : {}),
          ...(await reminderSmtp(config, logger)),
          ...(r.from ? { from: r.from } : {}),
        })
      : undefined;
  const tracked = trackedDomainsOf(reminders?.registry);
  const watch = new CtWatch({
    services,
    state,
    notify: notifierOf(services),
    alert: ctAlerter({
      services,
      ...(reminders ? { reminders } : {}),
      ...(notifier ? { notifier } : {}),
      lang: config.lang,
    }),
    logger,
    ...(tracked ? { trackedDomains: tracked } : {}),
  });
  const stopAll = async (stop: () => Promise<void>) => {
    await stop();
    await notifier?.close();
    close();
  };
  if (ct.provider === 'webhook') {
    const hook = await startWebhook({
      listenUrl: ct.apiUrl,
      ...(ct.apiKey ? { token: ct.apiKey } : {}),
      logger,
      onIssuances: async (issuances) => {
        await watch.receive(issuances);
      },
    });
    logger.info({ url: hook.url }, 'CT watch: webhook listening');
    return { name: 'ct-webhook', background: true, stop: () => stopAll(() => hook.close()) };
  }
  const source = new CertSpotterSource({ apiUrl: ct.apiUrl, ...(ct.apiKey ? { apiKey: ct.apiKey } : {}) });
  let running: Promise<unknown> | undefined;
  const poll = () => {
    running ??= watch
      .sweep(source)
      .then((report) => logger.info(report, 'CT watch: poll done'))
      .catch((err: unknown) => logger.warn({ code: codeOf(err) }, 'CT watch: poll failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(poll, ct.pollMinutes * 60_000);
  timer.unref();
  poll();
  return {
    name: 'ct-watch',
    background: true,
    stop: () =>
      stopAll(async () => {
        clearInterval(timer);
        await running;
      }),
  };
};
