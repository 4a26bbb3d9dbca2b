import type { NtaSettings } from '../config/nta.js';
import { DAY_MS } from '../flow/days.js';
import type { EngineDeps } from '../flow/deps.js';
import type { Logger } from '../log/logger.js';
import { CorporateRegistry } from './corporate-registry.js';

/**
 * The engine's corporate-number dependencies for this configuration: the optional step-1 question
 * (CORPORATE_NUMBER, or NTA_APP_ID) and, with NTA_APP_ID, the cached registry lookup. Nothing when off.
 */
export function corporateNumberDeps(
  nta: NtaSettings | undefined,
  logger: Logger,
): Pick<EngineDeps, 'offers' | 'corporateRegistry'> {
  if (!nta?.ask) return {};
  if (!nta.appId) return { offers: { corporateNumber: true } };
  const registry = new CorporateRegistry({
    apiUrl: nta.apiUrl,
    appId: nta.appId,
    timeoutMs: nta.timeoutMs,
    cacheMs: nta.cacheDays * DAY_MS,
    logger,
  });
  return { offers: { corporateNumber: true }, corporateRegistry: (n) => registry.peek(n) };
}
