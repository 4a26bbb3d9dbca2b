import { z } from 'zod';
import type { FieldError, FieldResult, Text } from '../types.js';

/**
 * Validators are zod schemas whose refinements attach our FieldError to the issue (`params.fieldError`);
 * `runSchema` turns the first such issue back into a FieldResult. A bad value is a result, not an
 * exception (STYLE.md: expected user mistakes are results).
 */
export type FieldSchema = z.ZodType<string, string>;

export function fieldError(code: string, message: Text): FieldError {
  return { code, message };
}

/** Reports `error` from inside a zod transform or refinement and aborts the rest of the pipeline. */
export function fail(ctx: z.RefinementCtx, error: FieldError): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: error.code, params: { fieldError: error } });
  return z.NEVER;
}

export function runSchema(schema: FieldSchema, raw: string): FieldResult {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  for (const issue of r.error.issues) {
    const e = issue.code === 'custom' ? (issue.params?.fieldError as FieldError | undefined) : undefined;
    if (e) return { ok: false, error: e };
  }
  // Only reachable if a schema forgot to use `fail`: a bug, but still a helpful answer rather than a crash.
  return {
    ok: false,
    error: fieldError('field.invalid', {
      ja: '入力内容を確認して、もう一度ご入力ください。',
      en: 'Please check the value and enter it again.',
    }),
  };
}

/** The longest part of what was typed that an error message quotes back. */
const ECHO_MAX = 80;

/**
 * What the person typed, as an error message quotes it: trimmed and cut to 80 characters with an
 * ellipsis, so a pasted 10 KB line is not repeated in full.
 */
export function echo(raw: string): string {
  const chars = Array.from(raw.trim());
  return chars.length <= ECHO_MAX ? chars.join('') : `${chars.slice(0, ECHO_MAX - 1).join('')}…`;
}

/** `Phone number` → `phone number`, but `DUNS number` stays as it is (an acronym). */
export function enLabel(label: Text): string {
  return /^[A-Z]{2}/.test(label.en) ? label.en : label.en.charAt(0).toLowerCase() + label.en.slice(1);
}

export function requiredError(field: string, label: Text, example: string): FieldError {
  return fieldError(`${field}.required`, {
    ja: `${label.ja}をご入力ください（例: ${example}）。`,
    en: `Please enter the ${enLabel(label)} (e.g. ${example}).`,
  });
}
