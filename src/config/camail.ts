import { z } from 'zod';
import { DEFAULT_CA_SENDER_DOMAINS } from '../camail/ca-domains.js';
import type { ConfigSection } from './section.js';

export interface CaMailSettings {
  /** Domains CA mails may come from (lower case; subdomains included). */
  senderDomains: string[];
  /**
   * CA_MAIL_REQUIRE_AUTH: a CA mail without a passing Authentication-Results (DMARC, or DKIM of a CA
   * domain) is shown as suspicious, never applied. Default on when NODE_ENV=production.
   */
  requireAuth: boolean;
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;

/** CA-mail recognition: which sender domains are genuine. */
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
    CA_MAIL_REQUIRE_AUTH: z.enum(['true', 'false']).optional(),
  },
  fixes: {
    CA_SENDER_DOMAINS: `set CA_SENDER_DOMAINS to domains separated by commas (default ${DEFAULT_CA_SENDER_DOMAINS.join(',')}), or unset it`,
    CA_MAIL_REQUIRE_AUTH:
      'set CA_MAIL_REQUIRE_AUTH to true or false (unset: true when NODE_ENV=production, else false)',
  },
  read: (e) => {
    const raw = typeof e.CA_SENDER_DOMAINS === 'string' ? e.CA_SENDER_DOMAINS : '';
    const list = raw
      .split(/[\s,]+/)
      .map((d) => d.toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    const strict = e.CA_MAIL_REQUIRE_AUTH;
    return {
      senderDomains: list.length > 0 ? list : [...DEFAULT_CA_SENDER_DOMAINS],
      requireAuth: strict === undefined ? e.NODE_ENV === 'production' : strict === 'true',
    };
  },
};
