import type { App } from '@slack/bolt';
import { homeView } from './app-home.js';
import { viewDigest } from './published-views.js';
import { scopeOf } from './slack-ids.js';
import type { BotContext } from './slack-turn.js';
import { visibleApplications } from './visible-apps.js';

/**
 * App Home: published when the user opens the Home tab, and again after each committed turn and CA-mail
 * notice that concerns them (ctx.home). Both go through the same refresher, so one user's publishes
 * never overlap and the last one shows the current state.
 */
export function registerHome(app: App, ctx: BotContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const envelope = body as { team_id?: string; enterprise_id?: string };
    const scope = scopeOf(envelope.team_id, envelope.enterprise_id);
    // Someone looking at the tab gets a publish even when this process thinks it holds the same view.
    ctx.homeViews.forget(`${scope}:${event.user}`);
    ctx.home.refresh(scope, [event.user]);
  });
}

/** Builds a user's Home view from the store now and publishes it (`views.publish`). */
export async function publishHome(ctx: BotContext, scope: string, user: string): Promise<void> {
  const { mine, others } = await visibleApplications(ctx, scope, user);
  const view = homeView({
    // The user's language as their latest application shows it.
    lang: mine[0]?.lang ?? ctx.lang,
    now: ctx.services.clock(),
    deps: ctx.services.deps,
    mine,
    others,
    mention: (actorId) => {
      const member = actorId.startsWith(`${scope}:`) ? actorId.slice(scope.length + 1) : '';
      return /^[UW][A-Z0-9]+$/.test(member) ? `<@${member}>` : undefined;
    },
  });
  // As the JSON string it is on the wire: an object is walked twice more by the client (src/bot/deliver.ts).
  const json = JSON.stringify(view);
  const key = `${scope}:${user}`;
  const digest = viewDigest(json);
  if (ctx.homeViews.same(key, digest)) return;
  await ctx.client.views.publish({ user_id: user, view: json as unknown as typeof view });
  ctx.homeViews.record(key, digest);
}
