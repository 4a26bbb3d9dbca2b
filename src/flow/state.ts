import type { CsrFacts } from './csr-check.js';
import type { FieldName, FlowKind, Lang } from './types.js';

/** Bumped whenever the stored shape changes; an unknown version is refused, never misread. */
export const SCHEMA_VERSION = 1;

/** Who acted: a channel and that channel's stable user id (Slack `T…:U…`, an email address, `console`). */
export interface Actor {
  channel: 'console' | 'slack' | 'email' | 'cli';
  id: string;
}

export type ApplicationStatus = 'active' | 'cancelled' | 'issued';

/** The facts of the CSR kept with the application (never the private key: a CSR has none). */
export type CsrSummary = Omit<CsrFacts, 'signatureAlgorithm'>;

/** What the CA mails carried (filled by the CA-mail recogniser; codes are secrets). */
export interface CaProgress {
  orderNumber?: string;
  approvalUrl?: string;
  approvalCode?: string;
  agreementUrl?: string;
  agreementCode?: string;
}

export interface IssuedCertificate {
  notAfter: string;
  notBefore?: string;
  serialNumber?: string;
}

/** An open question the user must answer before anything else (cancel and restart ask to confirm). */
export type Pending = { type: 'confirm-cancel' } | { type: 'confirm-restart' };

export interface Application {
  schemaVersion: typeof SCHEMA_VERSION;
  id: string;
  flow: FlowKind;
  lang: Lang;
  status: ApplicationStatus;
  /** Answers by question id (see questions.ts); fields live in `fields`. */
  answers: Record<string, string>;
  fields: Partial<Record<FieldName, string>>;
  csr?: CsrSummary;
  /** The user confirmed the DUNS record will be corrected to match (step 1: otherwise no issuance). */
  dunsMismatchAcknowledged?: boolean;
  /** A question the user asked to revisit (back, edit); otherwise the first unanswered one is asked. */
  focus?: string;
  pending?: Pending;
  ca?: CaProgress;
  certificate?: IssuedCertificate;
  /** Actors allowed to act on the application: the applicant first, then teammates. */
  members: Actor[];
  createdAt: string;
  updatedAt: string;
  /** When the current step was entered (stalled-step nudges). */
  stepSince: string;
}

export function actorKey(actor: Actor): string {
  return `${actor.channel}:${actor.id}`;
}

export interface NewApplication {
  id: string;
  flow: FlowKind;
  lang: Lang;
  actor: Actor;
  now: Date;
}

export function newApplication({ id, flow, lang, actor, now }: NewApplication): Application {
  const at = now.toISOString();
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    flow,
    lang,
    status: 'active',
    answers: {},
    fields: {},
    members: [actor],
    createdAt: at,
    updatedAt: at,
    stepSince: at,
  };
}

/** Checks a stored value is an application this code understands (schema version pinned). */
export function readApplication(
  raw: unknown,
): { ok: true; app: Application } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  const v = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (v !== SCHEMA_VERSION) return { ok: false, reason: `unknown schema version ${String(v)}` };
  return { ok: true, app: raw as Application };
}
