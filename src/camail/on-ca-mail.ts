import type { TurnServices } from '../conversation/run-turn.js';
import { findApplication } from '../mail/find-application.js';
import type { ParsedMail } from '../mail/parse-message.js';
import type { MailRecognition } from '../mail/recognition.js';
import { caFieldsOf } from './mail-recogniser.js';
import type { Notify } from './notify.js';
import { type CaRouteResult, routeCaMail } from './route-ca-mail.js';

/**
 * The email channel's `onRecognised` for CA mails: a mail forwarded into an application's thread goes
 * to that application (its forwarder must be a member), anything else is matched by order number and
 * domain. The CA mail's own fields (`via`, `trusted`) come from the recogniser.
 */
export function caMailHandler(deps: { services: TurnServices; notify: Notify }) {
  return async (mail: ParsedMail, recognition: MailRecognition): Promise<CaRouteResult | undefined> => {
    const fields = caFieldsOf(recognition);
    if (!fields) return undefined;
    const { via, ...facts } = fields;
    const forwarded = via !== 'mailbox';
    const forwardedBy = forwarded && mail.from ? `email:${mail.from.address}` : undefined;
    let applicationId: string | undefined;
    if (forwarded) {
      const found = await findApplication(deps.services.store, mail);
      const stored = found ? await deps.services.store.load(found.applicationId) : null;
      if (stored?.app.members.some((m) => `${m.channel}:${m.id}` === forwardedBy))
        applicationId = stored.app.id;
    }
    return routeCaMail(deps, facts, {
      ...(mail.messageId ? { eventId: `camail:${mail.messageId}` } : {}),
      ...(applicationId ? { applicationId } : {}),
      ...(forwardedBy ? { forwardedBy } : {}),
      recipients: mail.to.map((a) => a.address),
    });
  };
}
