import type { EngineDeps } from '../flow/deps.js';
import type { Inbound } from '../flow/engine.js';
import { isSiteCheckRequest, type SiteCheckFacts, siteCheckHost } from '../flow/site-check.js';
import type { Application } from '../flow/state.js';
import { checkSite, type SiteCheckOptions } from './site-check.js';

export type SiteChecker = (host: string, app: Application) => Promise<SiteCheckFacts>;

/** The real checker: TLS to HOST:443, judged against the application's issued certificate and CSR key. */
export function siteChecker(opts: Omit<SiteCheckOptions, 'expect'> = {}): SiteChecker {
  return async (host, app) => {
    const r = await checkSite(host, {
      ...opts,
      expect: {
        ...(app.certificate?.serialNumber ? { serialNumber: app.certificate.serialNumber } : {}),
        ...(app.certificate?.notAfter ? { notAfter: app.certificate.notAfter } : {}),
        ...(app.csr?.publicKeyFingerprint ? { publicKeyFingerprint: app.csr.publicKeyFingerprint } : {}),
      },
    });
    if (r.kind === 'unreachable') return { host, ok: false, unreachable: r.code, problems: [] };
    return {
      host,
      ok: r.ok,
      daysLeft: r.certificate.daysLeft,
      serialNumber: r.certificate.serialNumber,
      problems: r.problems,
    };
  };
}

/**
 * The engine's deps for one turn: when the person asks an issued application to "check site", the
 * check runs here, before the pure engine, which reads its result through `deps.siteCheck`.
 */
export async function depsWithSiteCheck(
  deps: EngineDeps,
  checker: SiteChecker | undefined,
  app: Application,
  event: Inbound,
): Promise<EngineDeps> {
  const host = siteCheckHost(app);
  const said = event.type === 'text' ? event.text : event.type === 'choice' ? event.value : '';
  if (!checker || !host || !isSiteCheckRequest(said)) return deps;
  const facts = await checker(host, app);
  return { ...deps, siteCheck: (h) => (h === host ? facts : undefined) };
}
