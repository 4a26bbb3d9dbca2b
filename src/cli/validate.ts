import { parseArgs } from 'node:util';
import { displayValue, validateField } from '../flow/fields/index.js';
import { type FieldName, ORGANISATION_FIELDS, REGISTRANT_FIELDS } from '../flow/types.js';
import { cliLang } from './cli-lang.js';
import type { CliCommand } from './io.js';

/** Fields whose `value` (E.164) is not what the panel takes: `display` is the form the bot shows. */
const PHONE_FIELDS: readonly FieldName[] = ['phone', 'fax'];
// corporateNumber: 13 digits with its check digit (hyphens and full-width digits accepted).
const FIELDS: readonly FieldName[] = [...REGISTRANT_FIELDS, ...ORGANISATION_FIELDS];

/**
 * `evssl-bot validate FIELD VALUE [--domain D] [--country CC] [--name NAME] [--lang ja|en]`: prints
 * `--name` is the applicant's name, which `title` is checked against.
 * `{"ok":true,"value":…}` (phone and fax add `"display"`: the panel form, e.g. 03-1234-5678) or
 * `{"ok":false,"error":{"code","message"}}` and exits 0 or 1 (public contract).
 * A usage mistake (unknown field, missing value) exits 2 with the usage on stderr.
 */
export const validateCommand: CliCommand = async (args, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [field, value] = positionals;
  if (!field || value === undefined || positionals.length > 2) {
    io.err(USAGE);
    return 2;
  }
  if (!FIELDS.includes(field as FieldName)) {
    io.err(`Unknown field "${field}". FIELD is one of: ${FIELDS.join(', ')}`);
    return 2;
  }
  const lang = cliLang(values.lang);
  const r = validateField(field as FieldName, value, {
    ...(values.domain ? { domain: values.domain } : {}),
    ...(values.country ? { countryCode: values.country.toUpperCase() } : {}),
    // `title` against the applicant's name: the person's own name is not a job title.
    ...(values.name ? { personName: values.name } : {}),
  });
  io.out(
    JSON.stringify(
      r.ok
        ? {
            ok: true,
            value: r.value,
            ...(PHONE_FIELDS.includes(field as FieldName)
              ? { display: display(field as FieldName, r.value, lang) }
              : {}),
            // Accepted, but probably not what the CA wants (a mobile number for the callback).
            ...(r.warning ? { warning: { code: r.warning.code, message: r.warning.message[lang] } } : {}),
          }
        : { ok: false, error: { code: r.error.code, message: r.error.message[lang] } },
    ),
  );
  return r.ok ? 0 : 1;
};

/** The panel form of a phone number (a skipped fax has none: ''). */
function display(field: FieldName, value: string, lang: 'ja' | 'en'): string {
  return value === '' ? '' : displayValue(field, value, lang);
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      domain: { type: 'string' },
      country: { type: 'string' },
      name: { type: 'string' },
      lang: { type: 'string' },
    },
    allowPositionals: true,
  });
}

const USAGE = `Usage: evssl-bot validate FIELD VALUE [--domain D] [--country CC] [--name NAME] [--lang ja|en]
FIELD: ${FIELDS.join(', ')}`;
