import { fill, type Message, type MessageRef } from './catalogue.js';
import type { CsrSummary, IssuedCertificate } from './state.js';
import type { StepId } from './steps.js';
import type { FieldName, Lang, Text } from './types.js';

/** Channel-agnostic replies, already in the application's language. Channels render them their own way. */
export interface StepInfo {
  id: StepId;
  number: number;
  total: number;
  title: string;
}

export interface ReplyChoice {
  value: string;
  label: string;
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

export type Reply =
  /** `msg`: the catalogued message it was made from (its id and parameters), when it was one. */
  | { type: 'text'; text: string; tone?: Tone; msg?: MessageRef }
  | {
      type: 'question';
      /** Question id, e.g. `field.phone`, `check.duns`, `csr`. */
      id: string;
      step: StepInfo;
      text: string;
      field?: FieldName;
      /** `select` = a long list (prefectures, countries); `multiline` = a pasted block (CSR, certificate). */
      input: 'text' | 'choice' | 'select' | 'multiline';
      choices?: ReplyChoice[];
      optional?: boolean;
      /** The value already given, when the question is asked again (back, edit). */
      current?: string;
    }
  | { type: 'summary'; title: string; sections: SummarySection[] }
  | { type: 'checklist'; title: string; items: Array<{ label: string; done: boolean; current?: boolean }> }
  /** A multi-field form submission was refused: one message per field, nothing was applied. */
  | { type: 'form-errors'; errors: Partial<Record<FieldName, string>> };

export interface SummarySection {
  title: string;
  rows: Array<{ field?: FieldName; label: string; value: string }>;
  note?: string;
}

/** Things the world outside the engine should do after the turn commits. */
export type Effect =
  | { type: 'step-entered'; step: StepId }
  | { type: 'application-closed'; status: 'cancelled' | 'issued' }
  | {
      type: 'certificate-issued';
      domain?: string;
      certificate: IssuedCertificate;
      csr?: CsrSummary;
      /** The SSL contract's last day (YYYY-MM-DD), when known: reminders say reissue or renewal. */
      contractEnd?: string;
      /** When the organisation was last validated (documents and callback), when known. */
      validatedAt?: string;
    };

/**
 * A text reply from the catalogue: the message filled in `lang`, carrying its id and parameters (tests
 * assert those, not the wording). A text that is not catalogued (a CA's own words) has no id.
 */
export function textReply(
  m: Text | Message,
  lang: Lang,
  params: Record<string, string | number> = {},
  tone?: Tone,
): Reply {
  const msg = 'id' in m ? { id: m.id, ...(Object.keys(params).length > 0 ? { params } : {}) } : undefined;
  return { type: 'text', text: fill(m, lang, params), ...(tone ? { tone } : {}), ...(msg ? { msg } : {}) };
}
