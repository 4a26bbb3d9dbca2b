import { DomUtils, parseDocument } from 'htmlparser2';
import { CodedError } from '../errors.js';
import type { RegistryRecord } from '../flow/corporate.js';

export interface NtaClientOptions {
  /** Base URL of the Web-API (`https://api.houjin-bangou.nta.go.jp`); a local fake in tests. */
  apiUrl: string;
  /** The application ID the NTA issued (アプリケーションID). Never logged. */
  appId: string;
  timeoutMs: number;
}

/** A failed lookup (timeout, HTTP error, unreadable answer): stable code, never the application ID. */
export class NtaLookupError extends CodedError {
  constructor(
    readonly reason: 'timeout' | 'http' | 'network' | 'unreadable',
    readonly status?: number,
  ) {
    super(`nta_${reason}`, `NTA lookup failed: ${reason}${status ? ` ${status}` : ''}`);
  }
}

const FIELDS = [
  'corporateNumber',
  'name',
  'furigana',
  'enName',
  'kind',
  'prefectureName',
  'cityName',
  'streetNumber',
  'enPrefectureName',
  'enCityName',
  'enAddressOutside',
  'postCode',
  'closeDate',
] as const;

/**
 * Looks one corporate number up in the NTA's corporate number Web-API, version 4
 * (`GET /4/num?id=…&number=…&type=12&history=0`: XML in Unicode, the latest record only). Returns
 * undefined when the registry has no such number (`<count>0</count>`).
 */
export async function fetchCorporateRecord(
  number: string,
  options: NtaClientOptions,
): Promise<RegistryRecord | undefined> {
  const url = new URL('/4/num', options.apiUrl);
  url.search = new URLSearchParams({ id: options.appId, number, type: '12', history: '0' }).toString();
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    const name = (err as { name?: string }).name;
    throw new NtaLookupError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
  }
  if (!res.ok) throw new NtaLookupError('http', res.status);
  let body: string;
  try {
    body = await res.text();
  } catch {
    throw new NtaLookupError('timeout');
  }
  return parseNtaXml(body, number);
}

/** Reads the `<corporations>` answer; the `<corporation>` whose number is the one asked for. */
export function parseNtaXml(xml: string, number: string): RegistryRecord | undefined {
  const doc = parseDocument(xml, { xmlMode: true });
  const root = DomUtils.findOne((e) => e.name === 'corporations', doc.children, true);
  if (!root) throw new NtaLookupError('unreadable');
  const corps = DomUtils.findAll((e) => e.name === 'corporation', root.children);
  for (const corp of corps) {
    const value = (name: string) => {
      const el = DomUtils.findOne((e) => e.name === name, corp.children, false);
      const text = el ? DomUtils.textContent(el).trim() : '';
      return text === '' ? undefined : text;
    };
    if (value('corporateNumber') !== number) continue;
    const record: Partial<Record<(typeof FIELDS)[number], string>> = {};
    for (const f of FIELDS) {
      const v = value(f);
      if (v !== undefined) record[f] = v;
    }
    if (!record.name) throw new NtaLookupError('unreadable');
    return { ...record, corporateNumber: number, name: record.name };
  }
  return undefined;
}
