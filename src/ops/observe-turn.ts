import type { Logger } from 'pino';
import { channelOfKey } from '../conversation/conversation-key.js';
import { eventRef, turnCorrelation } from './correlation.js';
import { metrics } from './metrics.js';

/** What this module reads of a turn's result (the conversation's TurnResult has these shapes). */
interface ObservedResult {
  status: string;
  unavailable?: boolean;
  applicationId?: string;
  app?: { id: string };
  outbox?: Array<{ id: string }>;
}

/**
 * Counts and times one turn and writes its one info line for operators: channel, outcome, latency,
 * application id, the inbound event's id (`event`) and the correlation id its reply's delivery is
 * logged under (`corr`, src/ops/correlation.ts). Never the text, the actor or a field value. An email's
 * Message-ID names the sender's domain: only a hash of it.
 */
export async function observeTurn<R extends { status: string }>(
  services: { logger: Logger },
  request: { conversation: string; eventId?: string },
  run: () => Promise<R>,
): Promise<R> {
  const started = performance.now();
  const channel = channelOfKey(request.conversation);
  let result: (R & ObservedResult) | undefined;
  try {
    result = await run();
    return result;
  } finally {
    const seconds = (performance.now() - started) / 1000;
    const outcome = outcomeOf(result);
    const m = metrics();
    m.turns.inc({ channel, outcome });
    m.turnSeconds.observe({ channel }, seconds);
    if (outcome === 'duplicate') m.duplicates.inc({ channel });
    const applicationId = result?.applicationId ?? result?.app?.id;
    const corr = turnCorrelation(channel, request.eventId, result && { ...result, applicationId });
    services.logger.info(
      {
        channel,
        outcome,
        latencyMs: Math.round(seconds * 10_000) / 10,
        ...(applicationId ? { applicationId } : {}),
        ...(request.eventId ? { event: eventRef(channel, request.eventId) } : {}),
        ...(corr ? { corr } : {}),
      },
      'turn',
    );
  }
}

function outcomeOf(result: ObservedResult | undefined): string {
  if (!result) return 'error';
  if (result.status !== 'done') return result.status;
  return result.unavailable ? 'unavailable' : 'answered';
}
