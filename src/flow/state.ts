import type { CsrFacts } from './csr-check.js';
import type { CtSeen } from './facts.js';
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

/** The certificate a reissue replaces (src/flow/reissue.ts): its key must not be the new CSR's. */
export interface ReplacedCertificate {
  domain?: string;
  notAfter?: string;
  serialNumber?: string;
  publicKeyFingerprint?: string;
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
  /** A renewal started from an issued application: which one, and the certificate it replaces. */
  renews?: { applicationId: string; certificate?: IssuedCertificate };
  /**
   * The SSL contract's last day (YYYY-MM-DD, Tokyo), separate from the certificate's notAfter: a 1-year
   * contract outlives a 200/100/47-day certificate, so it is reissued within the contract (再発行).
   */
  contract?: { endsOn: string };
  /** When the organisation was last validated with documents and callback (reused for 398 days). */
  orgValidatedAt?: string;
  /** Reissue: the certificate being replaced. */
  replaces?: ReplacedCertificate;
  /** Actors allowed to act on the application: the applicant first, then teammates. */
  members: Actor[];
  createdAt: string;
  updatedAt: string;
  /** A certificate for the CSR's key was seen in Certificate Transparency ("issued per CT", src/ct). */
  ctIssued?: CtSeen;
  /** Optional questions offered when the application started (the corporate number in step 1). */
  offers?: { corporateNumber?: boolean };
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
