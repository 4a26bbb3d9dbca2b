import { catalogue, t } from '../flow/catalogue.js';
import { currentQuestion } from '../flow/progress.js';
import { type Application, actorKey } from '../flow/state.js';
import { stepInfo } from '../flow/step-info.js';
import type { Lang } from '../flow/types.js';
import { slackActor } from './slack-ids.js';
import type { BotContext } from './slack-turn.js';

/**
 * The applications a Slack user may see: theirs (applicant or named teammate), and, when
 * SLACK_STATUS_VISIBILITY=workspace, the others whose applicant is in the same workspace, read only.
 * Newest first.
 */
export async function visibleApplications(
  ctx: BotContext,
  scope: string,
  user: string,
  opts: { activeOnly?: boolean } = {},
): Promise<{ mine: Application[]; others: Application[] }> {
  const me = actorKey(slackActor(scope, user));
  const filter = opts.activeOnly ? { status: 'active' as const } : {};
  const newest = (a: Application, b: Application) => b.updatedAt.localeCompare(a.updatedAt);
  const mine = (await ctx.services.store.list({ ...filter, member: me })).map((s) => s.app).sort(newest);
  if (ctx.statusVisibility !== 'workspace') return { mine, others: [] };
  // The store's workspace index: those of this workspace only, not every application there is.
  const others = (await ctx.services.store.list({ ...filter, workspace: scope }))
    .map((s) => s.app)
    .filter((a) => !a.members.some((m) => actorKey(m) === me))
    .sort(newest);
  return { mine, others };
}

const TEXTS = catalogue('slack.list', {
  /** The flow's name in a list line (a reissue is not a renewal). */
  flowNoun: {
    acquire: { ja: '取得', en: 'acquire' },
    renew: { ja: '更新', en: 'renewal' },
    reissue: { ja: '再発行', en: 'reissue' },
  },
});

/** `A1B2C3 · step 4/9 Enter the registrant information` in the viewer's language. */
export function stepLine(app: Application, lang: Lang): string {
  const q = app.status === 'active' ? currentQuestion(app) : undefined;
  const flow = t(TEXTS.flowNoun[app.flow], lang);
  if (!q) return `${app.id} · ${flow} · ${app.status}`;
  const s = stepInfo({ ...app, lang }, q.step);
  return `${app.id} · ${flow} · ${s.number}/${s.total} ${s.title}`;
}
