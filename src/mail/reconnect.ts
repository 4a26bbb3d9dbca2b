/** Reconnect delays by default: 1 s, doubling, capped at a minute (an IMAP outage is noticed within one). */
export const RECONNECT = { minMs: 1_000, maxMs: 60_000 } as const;

/** The wait before reconnecting after `failures` failures in a row (0: a clean end, the shortest wait). */
export function reconnectDelayMs(
  failures: number,
  minMs: number = RECONNECT.minMs,
  maxMs: number = RECONNECT.maxMs,
): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
}
