import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import { catalogue } from '../flow/catalogue.js';
import {
  approvalEmailChoices,
  countryChoices,
  FIELD_LABELS,
  FIELD_PROMPTS,
  OPTIONAL_FIELDS,
  prefectureChoices,
} from '../flow/fields/index.js';
import type { ReplyChoice } from '../flow/replies.js';
import type { Application } from '../flow/state.js';
import { DUNS_FIELDS, type FieldName, type Lang, REGISTRANT_FIELDS } from '../flow/types.js';
import { clip } from './mrkdwn.js';
import { option, selectOptions } from './render-blocks.js';

type View = types.View;

export const MODAL_CALLBACK = 'evssl.registrant';
const BLOCK_PREFIX = 'f_';
const ACTION_ID = 'value';

const TEXTS = catalogue('slack.modal', {
  title: { ja: '登録者情報', en: 'Registrant information' },
  submit: { ja: '確認して保存', en: 'Check and save' },
  close: { ja: '閉じる', en: 'Close' },
  intro: {
    ja: 'パネルの「SSL登録者情報」と同じ項目です。保存前に一つずつ確認し、問題があれば項目の下に表示します。',
    en: 'The same fields as the panel’s registrant form. Each is checked before it is saved; problems are shown under the field.',
  },
  dunsIntro: {
    ja: '*DUNS登録情報* — 申請内容と一致している必要があります（手順1）。',
    en: '*DUNS record* — must match the application (step 1).',
  },
});

/** The fields the modal shows: the panel's registrant fields, then (acquire) the DUNS record's. */
export function modalFields(app: Application): FieldName[] {
  const fields: FieldName[] = REGISTRANT_FIELDS.filter((f) => f !== 'approvalEmail' || app.csr?.domain);
  return app.flow === 'acquire' ? [...fields, ...DUNS_FIELDS] : fields;
}

/**
 * What a registrant modal was opened for, carried in its `private_metadata`: the conversation, the
 * application, the step, and a stamp of the values it was pre-filled with. A submission is applied only
 * while all four still hold (the application has not moved on, nothing was changed in the conversation
 * meanwhile); an old modal would otherwise overwrite what was entered since.
 */
export interface ModalRef {
  conversation: string;
  applicationId?: string;
  step?: string;
  stamp?: string;
}

/** A stamp of the values the modal shows (sha256 of them, shortened): changes when any of them does. */
export function valuesStamp(app: Application): string {
  const values = modalFields(app).map((f) => `${f}=${app.fields[f] ?? ''}`);
  return createHash('sha256').update(values.join('\u0000')).digest('base64url').slice(0, 16);
}

export function modalRef(app: Application, conversation: string): ModalRef {
  return { conversation, applicationId: app.id, step: 'registrant', stamp: valuesStamp(app) };
}

/** Reads `private_metadata`: the JSON of a ModalRef, or (a modal opened before it carried one) a key. */
export function parseModalRef(metadata: string): ModalRef | undefined {
  if (!metadata.startsWith('{')) return metadata ? { conversation: metadata } : undefined;
  try {
    const v = JSON.parse(metadata) as Record<string, unknown>;
    if (typeof v.c !== 'string') return undefined;
    return {
      conversation: v.c,
      ...(typeof v.a === 'string' ? { applicationId: v.a } : {}),
      ...(typeof v.s === 'string' ? { step: v.s } : {}),
      ...(typeof v.h === 'string' ? { stamp: v.h } : {}),
    };
  } catch {
    return undefined;
  }
}

function modalMetadata(ref: ModalRef): string {
  return JSON.stringify({ c: ref.conversation, a: ref.applicationId, s: ref.step, h: ref.stamp });
}

/** The "Registrant information" modal, pre-filled with what the application holds. */
export function registrantModal(app: Application, conversation: string): View {
  const lang = app.lang;
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: TEXTS.intro[lang] } }];
  for (const field of modalFields(app)) {
    if (field === DUNS_FIELDS[0]) {
      blocks.push(
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: TEXTS.dunsIntro[lang] } },
      );
    }
    blocks.push(inputBlock(app, field, lang));
  }
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    private_metadata: modalMetadata(modalRef(app, conversation)),
    title: { type: 'plain_text', text: TEXTS.title[lang] },
    submit: { type: 'plain_text', text: TEXTS.submit[lang] },
    close: { type: 'plain_text', text: TEXTS.close[lang] },
    blocks,
  };
}

function choicesFor(app: Application, field: FieldName, lang: Lang): ReplyChoice[] | undefined {
  const label = (c: { value: string; label: { ja: string; en: string } }) => ({
    value: c.value,
    label: c.label[lang],
  });
  if (field === 'countryCode') return countryChoices().map(label);
  if (field === 'prefecture' && (app.fields.countryCode ?? 'JP') === 'JP')
    return prefectureChoices().map(label);
  if (field === 'approvalEmail' && app.csr?.domain) {
    return approvalEmailChoices(app.csr.domain).map((a: string) => ({ value: a, label: a }));
  }
  return undefined;
}

function inputBlock(app: Application, field: FieldName, lang: Lang): types.KnownBlock {
  const current = app.fields[field];
  const choices = choicesFor(app, field, lang);
  let element: Record<string, unknown>;
  if (choices) {
    const initial = choices.find((c) => c.value === current);
    element = {
      type: 'static_select',
      action_id: ACTION_ID,
      ...selectOptions(choices),
      ...(initial ? { initial_option: option(initial) } : {}),
    };
  } else {
    element = {
      type: 'plain_text_input',
      action_id: ACTION_ID,
      multiline: field === 'address' || field === 'dunsAddress',
      ...(current ? { initial_value: current } : {}),
    };
  }
  return {
    type: 'input',
    block_id: `${BLOCK_PREFIX}${field}`,
    optional: OPTIONAL_FIELDS.has(field),
    label: { type: 'plain_text', text: clip(FIELD_LABELS[field][lang], 2000) },
    hint: { type: 'plain_text', text: clip(FIELD_PROMPTS[field][lang], 2000) },
    element,
  } as unknown as types.KnownBlock;
}

interface SubmittedValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
}

/**
 * The values a view_submission carries, by field. An optional field left empty is sent as '' so a
 * cleared fax number is cleared; a required one left empty cannot be submitted (Slack enforces it).
 */
export function readModalValues(
  state: Record<string, Record<string, SubmittedValue>>,
): Partial<Record<FieldName, string>> {
  const values: Partial<Record<FieldName, string>> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    if (!blockId.startsWith(BLOCK_PREFIX)) continue;
    const field = blockId.slice(BLOCK_PREFIX.length) as FieldName;
    const v = actions[ACTION_ID];
    if (!v) continue;
    const raw = v.selected_option ? v.selected_option.value : (v.value ?? '');
    if (raw === '' && !OPTIONAL_FIELDS.has(field)) continue;
    values[field] = raw;
  }
  return values;
}

/** `response_action: errors` keys are block ids. */
export function modalErrors(errors: Partial<Record<FieldName, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([f, m]) => [`${BLOCK_PREFIX}${f}`, m ?? '']));
}
