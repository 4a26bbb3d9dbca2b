import { z } from 'zod';
import { DEFAULT_CA_SENDER_DOMAINS } from '../camail/ca-domains.js';
import type { ConfigSection } from './section.js';

export interface CaMailSettings {
  /** Domains CA mails may come from (lower case; subdomains included). */
  senderDomains: string[];
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

/** CA-mail recognition (issue 6): which sender domains are genuine. */
export const camailSection: ConfigSection<CaMailSettings> = {
  shape: {
    CA_SENDER_DOMAINS: z
      .string()
      .trim()
      .optional()
      .refine(
        (v) =>
          v === undefined ||
          v === '' ||
          v
            .split(/[\s,]+/)
            .filter(Boolean)
            .every((d) => DOMAIN.test(d.toLowerCase().replace(/^@/, ''))),
        { message: 'must be a comma-separated list of domain names' },
      ),
  },
  fixes: {
    CA_SENDER_DOMAINS: `set CA_SENDER_DOMAINS to domains separated by commas (default ${DEFAULT_CA_SENDER_DOMAINS.join(',')}), or unset it`,
  },
  read: (e) => {
    const raw = typeof e.CA_SENDER_DOMAINS === 'string' ? e.CA_SENDER_DOMAINS : '';
    const list = raw
      .split(/[\s,]+/)
      .map((d) => d.toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    return { senderDomains: list.length > 0 ? list : [...DEFAULT_CA_SENDER_DOMAINS] };
  },
};
