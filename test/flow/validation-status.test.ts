import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Certificates, Drive, issuedAcquire, SAKURA } from './reissue-helpers.js';

/**
 * Issue 19 item 5: after issuance, `status` shows when the organisation was last validated, until when
 * that validation may be reused (398 days), and whether the next reissue or renewal needs the documents
 * and the callback again.
 */
let certs: Certificates;
let csr: string;
let cert: string;
beforeAll(() => {
  certs = new Certificates();
  csr = certs.csr('status');
  // Valid 2026-04-01 → 2026-10-17 (199 days; 09:00 in Tokyo on the 17th).
  cert = certs.cert('status', '2026-04-01T00:00:00Z', 199);
});
afterAll(() => certs.dispose());

/** The status reply's text lines. */
function statusLines(d: Drive): string[] {
  d.say(d.app.lang === 'ja' ? '状況' : 'status');
  return d.outcome.replies.flatMap((r) => (r.type === 'text' ? r.text.split('\n') : []));
}

/** The validation line and the line right after it. */
function windowLines(lines: string[], validated: RegExp): [string | undefined, string | undefined] {
  const i = lines.findIndex((l) => validated.test(l));
  return [lines[i], i < 0 ? undefined : lines[i + 1]];
}

describe('status after issuance shows the validation window', () => {
  it('validated at issuance: reusable for 398 days, so the next reissue needs no documents or callback', () => {
    const d = new Drive('acquire', '2026-04-01T01:00:00Z');
    issuedAcquire(d, csr, cert);
    expect(d.app.status).toBe('issued');
    d.say('2027-03-31'); // the contract end asked after issuance
    const [validated, next] = windowLines(statusLines(d), /^組織情報の最終確認/);
    // 2026-04-01 + 398 days = 2027-05-04, after the certificate's 2026-10-17.
    expect(validated).toBe('組織情報の最終確認: 2026-04-01（2027-05-04 まで再利用できます）');
    expect(next).toBe('次の再発行・更新（2026-10-17頃）では書類提出と電話確認は不要の見込みです。');
  });

  it('validated long before issuance: the window ends before the certificate, so they come again', () => {
    const d = new Drive('acquire', '2025-09-01T01:00:00Z');
    // Everything up to and including the documents and the callback on 2025-09-01 …
    d.say('はい');
    d.say('確認しました');
    d.say('1');
    d.say('開きました');
    d.say(csr);
    for (const v of Object.values(SAKURA)) d.say(v);
    d.say('Sakura Shoji Co., Ltd.');
    d.say('1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0001');
    d.say('03-1234-5678');
    d.say('パネルで申請しました');
    for (let i = 0; i < 4; i++) d.say('完了');
    // … and the certificate only on 2026-04-01.
    d.at('2026-04-01T01:00:00Z').say(cert);
    expect(d.app.status).toBe('issued');
    d.say('2027-03-31');
    const [validated, next] = windowLines(statusLines(d), /^組織情報の最終確認/);
    // 2025-09-01 + 398 days = 2026-10-04, before the certificate's 2026-10-17.
    expect(validated).toBe('組織情報の最終確認: 2025-09-01（2026-10-04 まで再利用できます）');
    expect(next).toBe('次の再発行・更新（2026-10-17頃）には書類提出と電話確認がもう一度必要です。');
  });

  it('says the same in English', () => {
    const d = new Drive('acquire', '2026-04-01T01:00:00Z', 'en');
    issuedAcquire(d, csr, cert);
    expect(d.app.status).toBe('issued');
    d.say('2027-03-31');
    const [validated, next] = windowLines(statusLines(d), /^Organisation last validated/);
    expect(validated).toBe('Organisation last validated: 2026-04-01 (reusable until 2027-05-04)');
    expect(next).toBe(
      'The next reissue or renewal (around 2026-10-17) should not need the documents or the callback.',
    );
  });
});
