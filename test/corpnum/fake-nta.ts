import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One corporation as the NTA Web-API v4 writes it in its XML (type=12) answer. */
export interface FakeCorporation {
  corporateNumber: string;
  name: string;
  kind?: string;
  furigana?: string;
  enName?: string;
  prefectureName?: string;
  cityName?: string;
  streetNumber?: string;
  postCode?: string;
  enPrefectureName?: string;
  enCityName?: string;
  enAddressOutside?: string;
  closeDate?: string;
}

const ORDER = [
  'sequenceNumber',
  'corporateNumber',
  'process',
  'correct',
  'updateDate',
  'changeDate',
  'name',
  'nameImageId',
  'kind',
  'prefectureName',
  'cityName',
  'streetNumber',
  'addressImageId',
  'prefectureCode',
  'cityCode',
  'postCode',
  'addressOutside',
  'addressOutsideImageId',
  'closeDate',
  'closeCause',
  'successorCorporateNumber',
  'changeCause',
  'assignmentDate',
  'latest',
  'enName',
  'enPrefectureName',
  'enCityName',
  'enAddressOutside',
  'furigana',
  'hihyoji',
] as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The XML document the Web-API answers `/4/num` with (empty elements for absent values, as it does). */
export function ntaXml(corps: FakeCorporation[]): string {
  const body = corps
    .map((c, i) => {
      const v: Record<string, string | undefined> = {
        ...c,
        sequenceNumber: String(i + 1),
        process: '01',
        correct: '0',
        updateDate: '2024-04-01',
        latest: '1',
        hihyoji: '0',
      };
      return `<corporation>${ORDER.map((k) => (v[k] ? `<${k}>${esc(v[k])}</${k}>` : `<${k}/>`)).join('')}</corporation>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><corporations><lastUpdateDate>2026-11-30</lastUpdateDate><count>${corps.length}</count><divideNumber>1</divideNumber><divideSize>1</divideSize>${body}</corporations>`;
}

export type NtaBehaviour = 'ok' | 'slow' | 'error';

/** A local stand-in for api.houjin-bangou.nta.go.jp on loopback: real HTTP, a request log, a switch. */
export class FakeNta {
  readonly requests: URL[] = [];
  behaviour: NtaBehaviour = 'ok';
  slowMs = 1_000;
  private server?: Server;
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly corporations: FakeCorporation[],
    private readonly appId = 'test-app-id',
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(url);
    if (this.behaviour === 'error') {
      res.writeHead(503).end('Service Unavailable');
      return;
    }
    if (url.pathname !== '/4/num' || url.searchParams.get('type') !== '12') {
      res.writeHead(400).end('bad request');
      return;
    }
    if (url.searchParams.get('id') !== this.appId) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const number = url.searchParams.get('number');
    const found = this.corporations.filter((c) => c.corporateNumber === number);
    const send = () => {
      this.open.delete(res);
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/xml; charset=UTF-8' }).end(ntaXml(found));
    };
    if (this.behaviour === 'slow') {
      this.open.add(res);
      setTimeout(send, this.slowMs);
    } else send();
  }
}

/** Toyota Motor Corporation, as the NTA publishes it (a number printed on its own site and in the registry). */
export const TOYOTA: FakeCorporation = {
  corporateNumber: '1180301018771',
  name: 'トヨタ自動車株式会社',
  kind: '301',
  furigana: 'トヨタジドウシャ',
  enName: 'TOYOTA MOTOR CORPORATION',
  prefectureName: '愛知県',
  cityName: '豊田市',
  streetNumber: 'トヨタ町１番地',
  postCode: '4718571',
  enPrefectureName: 'Aichi',
  enCityName: '1, Toyota-cho, Toyota shi',
};
