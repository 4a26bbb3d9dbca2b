import type { TurnServices } from '../conversation/run-turn.js';
import type { MailStateStore } from './mail-state-store.js';
import type { ParsedMail } from './parse-message.js';
import type { MailRecogniser, MailRecognition } from './recognition.js';

export interface MailHandlerDeps {
  services: TurnServices;
  state: MailStateStore;
  /** The bot's own address (From of its mails). */
  from: string;
  allowedDomains: string[];
  requireAuth: boolean;
  maxAttachmentBytes: number;
  recognisers?: readonly MailRecogniser[];
  /** A recogniser claimed the mail (a CA mail): it is not treated as an applicant's reply. */
  onRecognised?: (mail: ParsedMail, recognition: MailRecognition) => Promise<void>;
  /** Called after mail was queued, so the sender can go right away. */
  onQueued?: () => void;
}

export type MailOutcome =
  | { action: 'answered'; applicationId?: string; outboxId: string }
  | { action: 'claimed'; kind: string }
  /** `noticeId`: the member whose address the mail bears was told it was not applied (outbox id). */
  | { action: 'ignored'; reason: string; noticeId?: string }
  | { action: 'duplicate' };
