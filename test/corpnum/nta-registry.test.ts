import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorporateRegistry } from '../../src/corpnum/corporate-registry.js';
import { fetchCorporateRecord, NtaLookupError } from '../../src/corpnum/nta-client.js';
import { createLogger } from '../../src/log/logger.js';
import { FakeNta, TOYOTA } from './fake-nta.js';

const APP_ID = 'test-app-id';
const DAY = 86_400_000;

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('the NTA Web-API v4 client, against a local fake endpoint', () => {
  let nta: FakeNta;
  let apiUrl: string;
  beforeEach(async () => {
    nta = new FakeNta([TOYOTA], APP_ID);
    apiUrl = await nta.start();
  });
  afterEach(() => nta.stop());

  it('asks /4/num for the XML (type=12) of the latest record and reads its fields', async () => {
    const r = await fetchCorporateRecord(TOYOTA.corporateNumber, { apiUrl, appId: APP_ID, timeoutMs: 2000 });
    expect(r).toMatchObject({
      corporateNumber: '1180301018771',
      name: 'トヨタ自動車株式会社',
      enName: 'TOYOTA MOTOR CORPORATION',
      postCode: '4718571',
      prefectureName: '愛知県',
      cityName: '豊田市',
      enPrefectureName: 'Aichi',
      kind: '301',
    });
    expect(r?.closeDate).toBeUndefined();
    const q = nta.requests[0]!.searchParams;
    expect([q.get('id'), q.get('number'), q.get('type'), q.get('history')]).toEqual([
      APP_ID,
      TOYOTA.corporateNumber,
      '12',
      '0',
    ]);
  });

  it('answers undefined for a number the registry does not hold (count 0)', async () => {
    expect(
      await fetchCorporateRecord('7000012050002', { apiUrl, appId: APP_ID, timeoutMs: 2000 }),
    ).toBeUndefined();
  });

  it('gives up after the timeout with a coded error', async () => {
    nta.behaviour = 'slow';
    const started = Date.now();
    const err = await fetchCorporateRecord(TOYOTA.corporateNumber, {
      apiUrl,
      appId: APP_ID,
      timeoutMs: 150,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NtaLookupError);
    expect(err.reason).toBe('timeout');
    expect(err.code).toBe('nta_timeout');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('reports an HTTP error and a refused application ID by status, never the ID', async () => {
    const err = await fetchCorporateRecord(TOYOTA.corporateNumber, {
      apiUrl,
      appId: 'wrong',
      timeoutMs: 2000,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'nta_http', reason: 'http', status: 403 });
    expect(String(err.message)).not.toContain('wrong');
  });
});

describe('the cached registry the flow peeks at (never waits)', () => {
  let nta: FakeNta;
  let apiUrl: string;
  let now: number;
  beforeEach(async () => {
    nta = new FakeNta([TOYOTA], APP_ID);
    apiUrl = await nta.start();
    now = Date.parse('2026-12-01T00:00:00Z');
  });
  afterEach(() => nta.stop());

  const registry = (logger = createLogger({ level: 'silent' }), timeoutMs = 2000) =>
    new CorporateRegistry({ apiUrl, appId: APP_ID, timeoutMs, cacheMs: 30 * DAY, logger, clock: () => now });

  it('answers pending at once, then the record from the cache for 30 days, then asks again', async () => {
    const reg = registry();
    nta.behaviour = 'slow';
    nta.slowMs = 300;
    const t0 = Date.now();
    expect(reg.peek(TOYOTA.corporateNumber)).toEqual({ status: 'pending' });
    expect(Date.now() - t0).toBeLessThan(50);
    expect(reg.peek(TOYOTA.corporateNumber)).toEqual({ status: 'pending' });
    await reg.settled();
    expect(nta.requests).toHaveLength(1);
    expect(reg.peek(TOYOTA.corporateNumber)).toMatchObject({
      status: 'found',
      record: { enName: 'TOYOTA MOTOR CORPORATION' },
    });
    now += 29 * DAY;
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('found');
    expect(nta.requests).toHaveLength(1);
    now += 2 * DAY;
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('pending');
    await reg.settled();
    expect(nta.requests).toHaveLength(2);
  });

  it('caches "not found" too', async () => {
    const reg = registry();
    reg.peek('7000012050002');
    await reg.settled();
    expect(reg.peek('7000012050002')).toEqual({ status: 'not-found' });
    expect(nta.requests).toHaveLength(1);
  });

  it('opens the circuit after three failures: no more requests until it half-opens', async () => {
    const { lines, logger } = captureLogger();
    const reg = registry(logger);
    nta.behaviour = 'error';
    const numbers = ['1180301018771', '5010401067252', '7000012050002'];
    for (const n of numbers) {
      expect(reg.peek(n).status).toBe('pending');
      await reg.settled();
      expect(reg.peek(n).status).toBe('unavailable');
    }
    expect(reg.circuit).toBe('open');
    expect(nta.requests).toHaveLength(3);
    // A new number while open: refused at once, nothing sent.
    expect(reg.peek('2180001000001').status).toBe('unavailable');
    expect(nta.requests).toHaveLength(3);
    // After the open period one trial goes through; its success closes the circuit.
    nta.behaviour = 'ok';
    now += 61_000;
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('unavailable'); // its failure is still remembered
    expect(reg.peek('2180001000001').status).toBe('pending'); // the one trial
    expect(reg.peek('3180001000002').status).toBe('unavailable'); // half-open: nothing else meanwhile
    await reg.settled();
    expect(reg.circuit).toBe('closed');
    expect(nta.requests).toHaveLength(4);
    const log = lines.join('');
    expect(log).toContain('NTA corporate number lookup failed');
    expect(log).not.toContain(APP_ID);
  });

  it('a lookup that times out counts as a failure and is not retried at once', async () => {
    // 500 ms: short enough against a 3 s answer, long enough for the retry on a loaded machine.
    const reg = registry(createLogger({ level: 'silent' }), 500);
    nta.behaviour = 'slow';
    nta.slowMs = 3000;
    reg.peek(TOYOTA.corporateNumber);
    await reg.settled();
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('unavailable');
    expect(nta.requests).toHaveLength(1);
    now += 301_000;
    nta.behaviour = 'ok';
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('pending');
    await reg.settled();
    expect(reg.peek(TOYOTA.corporateNumber).status).toBe('found');
  });
});
