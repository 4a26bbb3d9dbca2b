import { z } from 'zod';
import { type ConfigSection, optionalString, optionalUrl } from './section.js';

export interface CtSettings {
  /** `off` (default), `certspotter` (poll SSLMate's Cert Spotter API v1) or `webhook` (receive issuances). */
  provider: 'off' | 'certspotter' | 'webhook';
  /**
   * certspotter: the API base URL (`https://api.certspotter.com`). webhook: the URL this bot listens on
   * for POSTed issuances (`http://127.0.0.1:8788/ct/issuances`).
   */
  apiUrl: string;
  /** certspotter: the API key (optional: unauthenticated use has a small quota). webhook: the bearer token posters must send. */
  apiKey?: string;
  pollMinutes: number;
}

const DEFAULT_URL = {
  certspotter: 'https://api.certspotter.com',
  webhook: 'http://127.0.0.1:8788/ct/issuances',
};

/** The Certificate Transparency watch (issuance seen early; certificates nobody applied for). */
export const ctSection: ConfigSection<CtSettings> = {
  shape: {
    CT_PROVIDER: z.enum(['off', 'certspotter', 'webhook']).optional(),
    CT_API_URL: optionalUrl(['https:', 'http:'], 'https://api.certspotter.com'),
    CT_API_KEY: optionalString(),
    CT_POLL_MINUTES: z
      .string()
      .trim()
      .optional()
      .refine(
        (v) => v === undefined || v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1440),
        {
          message: 'must be a whole number of minutes from 1 to 1440',
        },
      ),
  },
  fixes: {
    CT_PROVIDER: 'set CT_PROVIDER to off, certspotter or webhook, or unset it',
    CT_API_URL: 'set CT_API_URL to an http(s) URL (certspotter: https://api.certspotter.com), or unset it',
    CT_API_KEY: 'set CT_API_KEY to the Cert Spotter API key (or the webhook token), or unset it',
    CT_POLL_MINUTES: 'set CT_POLL_MINUTES to minutes between polls (default 60), or unset it',
  },
  read: (e) => {
    const provider = (e.CT_PROVIDER as CtSettings['provider'] | undefined) ?? 'off';
    const url = e.CT_API_URL as string | undefined;
    const key = e.CT_API_KEY as string | undefined;
    return {
      provider,
      apiUrl: url ?? (provider === 'webhook' ? DEFAULT_URL.webhook : DEFAULT_URL.certspotter),
      ...(key ? { apiKey: key } : {}),
      pollMinutes:
        typeof e.CT_POLL_MINUTES === 'string' && e.CT_POLL_MINUTES !== '' ? Number(e.CT_POLL_MINUTES) : 60,
    };
  },
};
