import { createHash } from 'node:crypto';

/**
 * Correlation ids: the one id an operator follows from a turn's log line to the lines of its reply's
 * delivery, in this process or — after a restart — in the next one, so each is derived from what the
 * delivery still holds then. Opaque and free of personal data.
 *
 * - A turn whose replies were committed to the store's outbox (Slack): `<application id>@<version>`,
 *   the commit that owes them (the outbox entry ids `<version>.<n>` name it; the relay's sweep after a
 *   restart reads them back from the store).
 * - Otherwise the inbound event's reference (`eventRef`): an email turn's reply carries it in the mail
 *   outbox, which survives a restart in the same store.
 */

/** Slack event ids are opaque (`slack:Ev…`): kept; anything else (a Message-ID names a domain) hashed. */
export function eventRef(channel: string, eventId: string): string {
  if (channel === 'slack' && /^[A-Za-z0-9._:-]{1,64}$/.test(eventId)) return eventId;
  return `h:${createHash('sha256').update(eventId).digest('hex').slice(0, 16)}`;
}

/** The correlation id of the commit that wrote outbox entry `entryId` (`<version>.<n>`). */
export function outboxCorrelation(applicationId: string, entryId: string): string {
  return `${applicationId}@${entryId.split('.')[0]}`;
}

/** The correlation id of a turn: its outbox commit when it wrote one, else its inbound event's. */
export function turnCorrelation(
  channel: string,
  eventId: string | undefined,
  committed: { applicationId?: string; outbox?: Array<{ id: string }> } | undefined,
): string | undefined {
  const entry = committed?.outbox?.[0];
  if (entry && committed?.applicationId) return outboxCorrelation(committed.applicationId, entry.id);
  return eventId ? eventRef(channel, eventId) : undefined;
}
