import type { Reply } from '../flow/replies.js';
import type { Actor, Application } from '../flow/state.js';

/**
 * Delivers a CA-mail turn's replies to the channel the application lives in (the applicant's). Each
 * channel implements it (email: a mail in the application's thread; Slack: a message to the applicant).
 * Returns false when it could not deliver (no thread known, channel not running).
 */
export type Notify = (app: Application, replies: Reply[]) => Promise<boolean>;

/** Picks the notifier of the applicant's channel (the first member); false when that channel has none. */
export function notifyByChannel(byChannel: Partial<Record<Actor['channel'], Notify>>): Notify {
  return async (app, replies) => {
    const channel = app.members[0]?.channel;
    const notify = channel ? byChannel[channel] : undefined;
    return notify ? notify(app, replies) : false;
  };
}

const REGISTRY = new WeakMap<object, Partial<Record<Actor['channel'], Notify>>>();

/**
 * A channel offers its notifier to the others that share the same turn services (main passes one
 * services object to every channel): the Slack channel registers, the email channel's CA-mail handler
 * finds it when a CA mail arrives for a Slack application.
 */
export function registerNotifier(services: object, channel: Actor['channel'], notify: Notify): void {
  REGISTRY.set(services, { ...REGISTRY.get(services), [channel]: notify });
}

/** The notifier of an application's channel among those registered on `services` (looked up per call). */
export function registeredNotify(
  services: object,
  own: Partial<Record<Actor['channel'], Notify>> = {},
): Notify {
  return (app, replies) => notifyByChannel({ ...REGISTRY.get(services), ...own })(app, replies);
}
