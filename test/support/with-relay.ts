import type { AppServices } from '../../src/app/services.js';
import { Notifiers } from '../../src/camail/notify.js';
import { OutboxRelay } from '../../src/conversation/outbox-relay.js';
import type { TurnServices } from '../../src/conversation/run-turn.js';

/** Turn services as the composition root hands them to a channel: with a relay on their store. */
export function withRelay(services: TurnServices): AppServices {
  const relay = new OutboxRelay({ store: services.store, logger: services.logger });
  return { ...services, relay, durable: relay.durable, notifiers: services.notifiers ?? new Notifiers() };
}
