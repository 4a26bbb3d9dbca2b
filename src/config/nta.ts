import { z } from 'zod';
import { type ConfigSection, optionalString, optionalUrl } from './section.js';

export interface NtaSettings {
  /** Ask the optional corporate number question in step 1 (off by default; on when NTA_APP_ID is set). */
  ask: boolean;
  /** The NTA Web-API application ID: lookups run only with it. A credential: never logged. */
  appId?: string;
  apiUrl: string;
  timeoutMs: number;
  cacheDays: number;
}

const positiveInt = (max: number) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === '' || (/^\d+$/.test(v) && Number(v) > 0 && Number(v) <= max), {
      message: `must be a whole number from 1 to ${max}`,
    });

/** The corporate number (法人番号) question and the National Tax Agency Web-API lookup. */
export const ntaSection: ConfigSection<NtaSettings> = {
  shape: {
    CORPORATE_NUMBER: z.enum(['off', 'ask']).optional(),
    NTA_APP_ID: optionalString(),
    NTA_API_URL: optionalUrl(['https:', 'http:'], 'https://api.houjin-bangou.nta.go.jp'),
    NTA_TIMEOUT_MS: positiveInt(60_000),
    NTA_CACHE_DAYS: positiveInt(365),
  },
  fixes: {
    CORPORATE_NUMBER: 'set CORPORATE_NUMBER to off or ask, or unset it',
    NTA_APP_ID: 'set NTA_APP_ID to the application ID the National Tax Agency issued, or unset it',
    NTA_API_URL:
      'set NTA_API_URL to the Web-API base URL (default https://api.houjin-bangou.nta.go.jp), or unset it',
    NTA_TIMEOUT_MS: 'set NTA_TIMEOUT_MS to milliseconds (default 5000), or unset it',
    NTA_CACHE_DAYS: 'set NTA_CACHE_DAYS to days (default 30), or unset it',
  },
  read: (e) => {
    const appId = e.NTA_APP_ID as string | undefined;
    const num = (v: unknown, d: number) => (typeof v === 'string' && v !== '' ? Number(v) : d);
    return {
      ask: e.CORPORATE_NUMBER === undefined ? appId !== undefined : e.CORPORATE_NUMBER === 'ask',
      ...(appId ? { appId } : {}),
      apiUrl: (e.NTA_API_URL as string | undefined) ?? 'https://api.houjin-bangou.nta.go.jp',
      timeoutMs: num(e.NTA_TIMEOUT_MS, 5000),
      cacheDays: num(e.NTA_CACHE_DAYS, 30),
    };
  },
};
