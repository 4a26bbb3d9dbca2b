import { runTurnOnApplication, type TurnServices } from '../conversation/run-turn.js';
import type { CaMailFacts } from '../flow/ca-mail.js';
import { fill, t } from '../flow/catalogue.js';
import type { Reply } from '../flow/replies.js';
import type { Actor, Application } from '../flow/state.js';
import { words } from '../flow/words.js';
import { metrics } from '../ops/metrics.js';
import { bareHostName, hostNamesOf, type ListFilter } from '../store/application-store.js';
import type { Notify } from './notify.js';

export interface CaRouteDeps {
  services: TurnServices;
  notify: Notify;
}

export interface CaRouteHints {
  /** Idempotency key (`camail:<Message-ID>`): the same mail is applied once. */
  eventId?: string;
  /** The application the mail was sent into (a forward in the application's own email thread). */
  applicationId?: string;
  /** The person who forwarded it (`email:taro@…`): only their applications are candidates. */
  forwardedBy?: string;
  /** The mail's recipients: the approval address chosen in step 4 points at its application. */
  recipients?: string[];
}

export type CaRouteResult =
  | { status: 'applied'; applicationId: string; delivered: boolean }
  | { status: 'ambiguous'; applicationIds: string[] }
  | { status: 'unmatched' }
  | { status: 'duplicate' };

const AMBIGUOUS = {
  ja: '{name}（{what}）が届きましたが、複数の申請（{ids}）に当てはまるため、どの申請にも反映していません。この申請のものであれば、このメールをこの申請のスレッドに転送してください。使っていない申請は「キャンセル」で閉じると、次から自動で判別できます。',
  en: 'A CA mail ({what}) arrived but it matches several applications ({ids}), so it was applied to none. If it is for this one, forward the mail into this application’s thread. Cancelling applications you no longer use lets the bot tell them apart next time.',
};

/**
 * Finds the application a CA mail belongs to — by the thread it was forwarded into, else by order
 * number and domain among the active applications (the approval address and the forwarder narrow it) —
 * runs the `ca-mail` turn on it and tells its applicant. Two equally good matches: nothing is applied and
 * each candidate's applicant is asked. Logs the kind and application only, never the mail's facts.
 */
export async function routeCaMail(
  deps: CaRouteDeps,
  facts: CaMailFacts,
  hints: CaRouteHints = {},
): Promise<CaRouteResult> {
  const { services } = deps;
  const candidates = hints.applicationId
    ? [hints.applicationId]
    : await matchApplications(services, facts, hints);
  const log = services.logger.child({ component: 'camail', kind: facts.kind });
  metrics().caMails.inc({ kind: facts.kind, trust: facts.trusted ? 'trusted' : 'untrusted' });
  if (candidates.length === 0) {
    log.info('CA mail matched no active application');
    return { status: 'unmatched' };
  }
  if (candidates.length > 1) {
    log.info({ candidates: candidates.length }, 'CA mail matched several applications: asking');
    for (const id of candidates) {
      const stored = await services.store.load(id);
      if (stored) await deps.notify(stored.app, [ambiguity(stored.app, facts, candidates)]);
    }
    return { status: 'ambiguous', applicationIds: candidates };
  }
  const applicationId = candidates[0]!;
  const actor: Actor = { channel: 'email', id: `ca-mail@${facts.senderDomain ?? 'unknown'}` };
  const result = await runTurnOnApplication(services, applicationId, {
    actor,
    event: { type: 'ca-mail', mail: facts },
    ...(hints.eventId ? { eventId: hints.eventId } : {}),
  });
  if (result.status === 'duplicate') return { status: 'duplicate' };
  const app = result.status === 'done' ? result.app : undefined;
  const delivered = app ? await deps.notify(app, result.replies) : false;
  log.info({ applicationId, trusted: facts.trusted, delivered }, 'CA mail applied');
  return { status: 'applied', applicationId, delivered };
}

function ambiguity(app: Application, facts: CaMailFacts, ids: string[]): Reply {
  const what = [facts.domain, facts.orderNumber ? `#${facts.orderNumber}` : undefined]
    .filter(Boolean)
    .join(' ');
  const text = fill(AMBIGUOUS, app.lang, {
    name: t(words.caMail, app.lang),
    what: what || facts.kind,
    ids: ids.join(', '),
  });
  return { type: 'text', tone: 'warning', text };
}

/**
 * The best-scoring active applications the mail's order number or domain points at. Reads only those
 * the store has filed under that order number or host name (index look-ups: a CA mail no longer
 * decrypts every active application), then scores them as before. Every application that can score is
 * among them: byOrder means filed under the order number, byDomain under the host name (bare on both
 * sides, as `list` compares it). A mail with neither fact matches nothing.
 */
async function matchApplications(
  services: TurnServices,
  facts: CaMailFacts,
  hints: CaRouteHints,
): Promise<string[]> {
  const lookups: ListFilter[] = [];
  if (facts.orderNumber !== undefined) lookups.push({ status: 'active', orderNumber: facts.orderNumber });
  if (facts.domain !== undefined) lookups.push({ status: 'active', hostName: facts.domain });
  const found = await Promise.all(lookups.map((filter) => services.store.list(filter)));
  // One application found by both: scored once.
  const active = new Map<string, Application>();
  for (const stored of found.flat()) if (!active.has(stored.app.id)) active.set(stored.app.id, stored.app);
  const domain = facts.domain === undefined ? undefined : bareHostName(facts.domain);
  const scored: Array<{ id: string; score: number }> = [];
  for (const app of active.values()) {
    const order = app.ca?.orderNumber;
    // A known, different order number rules the application out.
    if (order && facts.orderNumber && order !== facts.orderNumber) continue;
    const byOrder = order !== undefined && order === facts.orderNumber;
    const byDomain = domain !== undefined && hostNamesOf(app).has(domain);
    if (!byOrder && !byDomain) continue;
    let score = (byOrder ? 4 : 0) + (byDomain ? 2 : 0);
    const approval = app.fields.approvalEmail?.toLowerCase();
    if (approval && hints.recipients?.some((r) => r.toLowerCase() === approval)) score += 1;
    if (hints.forwardedBy) {
      if (!app.members.some((m) => `${m.channel}:${m.id}` === hints.forwardedBy)) continue;
      score += 1;
    }
    scored.push({ id: app.id, score });
  }
  const best = Math.max(0, ...scored.map((s) => s.score));
  return scored.filter((s) => s.score === best).map((s) => s.id);
}
