import type { App } from '@slack/bolt';
import { homeView } from './app-home.js';
import { scopeOf } from './slack-ids.js';
import type { BotContext } from './slack-turn.js';
import { visibleApplications } from './visible-apps.js';

/** App Home: published each time the user opens the Home tab, so it always shows the current state. */
export function registerHome(app: App, ctx: BotContext): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const envelope = body as { team_id?: string; enterprise_id?: string };
    const scope = scopeOf(envelope.team_id, envelope.enterprise_id);
    const { mine, others } = await visibleApplications(ctx, scope, event.user);
    const view = homeView({
      // The user's language as their latest application shows it.
      lang: mine[0]?.lang ?? ctx.lang,
      now: (ctx.services.clock ?? (() => new Date()))(),
      deps: ctx.services.deps,
      mine,
      others,
      mention: (actorId) => {
        const user = actorId.startsWith(`${scope}:`) ? actorId.slice(scope.length + 1) : '';
        return /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : undefined;
      },
    });
    await client.views.publish({ user_id: event.user, view });
  });
}
