import { z } from 'zod';
import { CodedError } from '../errors.js';

/**
 * One area's configuration: the environment variables it reads (a zod shape), how each is fixed when
 * wrong, and how the parsed values become that area's settings. config.ts merges every section.
 */
export interface ConfigSection<T> {
  shape: z.ZodRawShape;
  fixes: Record<string, string>;
  read(env: Record<string, unknown>): T;
}

/** An optional URL with one of the given protocols; an empty string counts as unset. */
export const optionalUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}//`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (e.g. ${example})`,
    });

/** An optional non-empty string; an empty string counts as unset. */
export const optionalString = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** A bad or missing setting: each issue names the variable and its fix, never the value. */
export class ConfigError extends CodedError {
  constructor(readonly issues: string[]) {
    super('config_invalid', `Invalid configuration:\n${issues.map((i) => `- ${i}`).join('\n')}`);
  }
}
