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

/**
 * The notifiers of the channels running in this process, built by the composition root and handed to
 * every channel: a channel registers its own when it starts; a notice from elsewhere (a CA mail read by
 * the email channel for a Slack application, the CT watch) looks the applicant's channel up at the time
 * it is sent, so the order in which channels start does not matter.
 */
export class Notifiers {
  readonly #byChannel: Partial<Record<Actor['channel'], Notify>> = {};

  register(channel: Actor['channel'], notify: Notify): void {
    this.#byChannel[channel] = notify;
  }

  /** The notifier of an application's channel; `own` overrides a channel's registered one. */
  notifier(own: Partial<Record<Actor['channel'], Notify>> = {}): Notify {
    return (app, replies) => notifyByChannel({ ...this.#byChannel, ...own })(app, replies);
  }
}

/** The notifier of the services' running channels (one that delivers nothing when none is wired). */
export function notifierOf(services: { notifiers?: Notifiers }): Notify {
  return services.notifiers?.notifier() ?? (async () => false);
}
