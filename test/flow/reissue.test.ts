import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionsFor } from '../../src/flow/questions.js';
import { REISSUE_PANEL, REISSUE_TEXT } from '../../src/flow/reissue-panel.js';
import { parseContractEnd, validationWindow } from '../../src/flow/reissue-rules.js';
import { parseFlow } from '../../src/flow/start.js';
import { Certificates, DOMAIN, Drive, issuedAcquire } from './reissue-helpers.js';

let certs: Certificates;
let oldCsr: string;
let oldCert: string;
beforeAll(() => {
  certs = new Certificates();
  oldCsr = certs.csr('old');
  // Issued 2026-04-01 (after 2026-03-15: at most 200 days).
  oldCert = certs.cert('old', '2026-04-01T00:00:00Z', 199);
});
afterAll(() => certs.dispose());

function issuedAt(at: string): Drive {
  const d = new Drive('acquire', at);
  issuedAcquire(d, oldCsr, oldCert);
  return d;
}

describe('the contract end beside the certificate expiry', () => {
  it('is asked once after issuance and answers the tracked certificate with both dates', () => {
    const d = issuedAt('2026-04-01T01:00:00Z');
    expect(d.app.status).toBe('issued');
    expect(d.app.orgValidatedAt).toBeDefined();
    expect(d.texts()).toMatch(/契約期間の終了日を教えてください/);
    d.say('2027-03-31');
    expect(d.app.contract).toEqual({ endsOn: '2027-03-31' });
    expect(d.texts()).toMatch(/再発行/);
    expect(d.texts()).toContain('2027-03-31');
    const effect = d.outcome.effects.find((e) => e.type === 'certificate-issued');
    expect(effect).toMatchObject({ contractEnd: '2027-03-31', domain: DOMAIN });
    // Asked once: a second date is not taken as the contract again.
    d.say('2027-05-01');
    expect(d.app.contract).toEqual({ endsOn: '2027-03-31' });
    // Named, it corrects the date.
    d.say('契約 2027-04-30');
    expect(d.app.contract).toEqual({ endsOn: '2027-04-30' });
    expect(d.outcome.effects.find((e) => e.type === 'certificate-issued')).toMatchObject({
      contractEnd: '2027-04-30',
    });
  });

  it('takes the contract length at purchase, counted from the certificate’s first day', () => {
    const r = parseContractEnd('1年', new Date('2026-04-01T00:00:00Z'));
    expect(r).toEqual({ ok: true, endsOn: '2027-03-31', fromLength: true });
    expect(parseContractEnd('12ヶ月', new Date('2026-04-01T00:00:00Z'))).toMatchObject({
      endsOn: '2027-03-31',
    });
    expect(parseContractEnd('２０２７年３月３１日', new Date())).toMatchObject({ endsOn: '2027-03-31' });
    expect(parseContractEnd('2027-02-30', new Date()).ok).toBe(false);
    expect(parseContractEnd('soon', new Date()).ok).toBe(false);
  });

  it('says renewal, not reissue, in status when the contract ends before the certificate', () => {
    const d = issuedAt('2026-04-01T01:00:00Z');
    d.say('2026-09-30');
    d.say('状況');
    expect(d.texts()).toMatch(/次は「更新申請」です/);
  });
});

describe('reissue from an issued application (再発行)', () => {
  it('reuses the registrant data, needs a new key, skips documents and callback within 398 days', () => {
    const d = issuedAt('2026-04-01T01:00:00Z');
    d.say('2027-03-31');
    const fields = { ...d.app.fields };
    d.at('2026-09-20T01:00:00Z').say('再発行');
    expect(d.app.flow).toBe('reissue');
    expect(d.app.status).toBe('active');
    expect(d.app.fields).toEqual(fields);
    // Said up front: no documents, no callback (validated 2026-04-01, reusable until 2027-05-04).
    expect(d.texts()).toMatch(/書類提出と電話確認は不要/);
    expect(d.texts()).toContain('2027-05-04');
    expect(d.question).toBe('start.done');
    expect(d.texts()).toContain(`「${REISSUE_PANEL.reissueButton.label}」（再発行）ボタン`);
    d.say('開きました');
    expect(d.question).toBe('csr');
    // The current certificate's key is refused; so is another domain.
    d.say(oldCsr);
    expect(d.texts()).toMatch(/同じ鍵/);
    expect(d.question).toBe('csr');
    d.say(certs.csr('other', 'shop.sakura-shoji.co.jp'));
    expect(d.texts()).toMatch(/ドメイン（shop\.sakura-shoji\.co\.jp）は現在の証明書/);
    const newCsr = certs.csr('new');
    d.say(newCsr);
    expect(d.app.csr?.domain).toBe(DOMAIN);
    // Registrant data confirmed, not retyped.
    expect(d.question).toBe('reissue.registrant');
    expect(d.outcome.replies.some((r) => r.type === 'summary')).toBe(true);
    d.say('はい');
    expect(d.question).toBe('review');
    d.say('パネルで申請しました');
    // Domain validation again.
    expect(d.question).toBe('wait.verification');
    d.say('完了');
    expect(d.question).toBe('wait.issuance');
    expect(d.outcome.replies.at(-1)).toMatchObject({ step: { number: 7, total: 7 } });
    // The old certificate pasted at issuance does not match the new CSR.
    d.say(oldCert);
    expect(d.app.status).toBe('active');
    const newCert = certs.cert('new', '2026-09-25T00:00:00Z', 199);
    d.at('2026-09-25T01:00:00Z').say(newCert);
    expect(d.app.status).toBe('issued');
    const issued = d.outcome.effects.find((e) => e.type === 'certificate-issued');
    expect(issued).toMatchObject({ domain: DOMAIN, contractEnd: '2027-03-31' });
    if (issued?.type !== 'certificate-issued') throw new Error('no effect');
    expect(issued.certificate.notAfter.slice(0, 10)).toBe('2027-04-12');
    // The validation reused keeps its date (no documents this time).
    expect(issued.validatedAt?.slice(0, 10)).toBe(d.app.orgValidatedAt?.slice(0, 10));
  });

  it('asks for the documents and the callback again when the last validation is over 398 days old', () => {
    const d = issuedAt('2026-04-01T01:00:00Z');
    d.say('2027-12-31');
    // 2027-05-10 is 404 days after 2026-04-01 (and after 2027-03-15: 100-day certificates).
    d.at('2027-05-10T01:00:00Z').say('reissue');
    expect(d.app.flow).toBe('reissue');
    expect(d.texts()).toMatch(/398日を超えている/);
    d.say('開きました');
    d.say(certs.csr('late'));
    d.say('はい');
    d.say('パネルで申請しました');
    d.say('完了');
    expect(d.question).toBe('wait.documents');
    d.say('完了');
    expect(d.question).toBe('wait.callback');
    d.at('2027-05-20T01:00:00Z').say('完了');
    d.at('2027-05-22T01:00:00Z').say(certs.cert('late', '2027-05-21T00:00:00Z', 99));
    expect(d.app.status).toBe('issued');
    expect(d.app.orgValidatedAt?.slice(0, 10)).toBe('2027-05-20');
  });

  it('refuses a reissue once the contract is over (that is a renewal)', () => {
    const d = issuedAt('2026-04-01T01:00:00Z');
    d.say('2026-09-30');
    d.at('2026-10-01T01:00:00Z').say('再発行');
    expect(d.app.status).toBe('issued');
    expect(d.texts()).toMatch(/更新申請/);
  });
});

describe('a fresh reissue', () => {
  it('asks the contract end, the last validation and the current certificate before the panel', () => {
    expect(parseFlow('再発行')).toBe('reissue');
    expect(parseFlow('/evssl reissue')).toBe('reissue');
    const d = new Drive('reissue', '2029-04-01T01:00:00Z', 'en');
    expect(d.question).toBe('reissue.contract');
    expect(d.outcome.replies.at(-1)).toMatchObject({ step: { number: 1, total: 7 } });
    d.say('1 year');
    expect(d.texts()).toMatch(/end date shown in the panel/);
    d.say('2029-03-31');
    expect(d.texts()).toMatch(/contract ended on 2029-03-31/);
    d.say('2030-01-31');
    expect(d.app.contract).toEqual({ endsOn: '2030-01-31' });
    expect(d.question).toBe('reissue.validated');
    d.say('2030-01-01');
    expect(d.question).toBe('reissue.validated');
    d.say('not known');
    expect(d.texts()).toMatch(/assume the documents and the callback come again/);
    expect(d.question).toBe('reissue.current');
    d.say('garbage');
    expect(d.question).toBe('reissue.current');
    d.say(oldCert);
    expect(d.app.replaces?.domain).toBe(DOMAIN);
    expect(d.question).toBe('start.done');
    d.say('opened');
    d.say(oldCsr);
    expect(d.texts()).toMatch(/same key as the current certificate/);
    d.say(certs.csr('fresh'));
    // Registrant fields are asked (nothing to carry over), then confirmed.
    expect(d.question).toBe('field.organizationName');
  });

  it('skips the subscriber agreement step and numbers the steps 1-7', () => {
    const ids = questionsFor('reissue').map((q) => q.id);
    expect(ids).not.toContain('wait.agreement');
    expect(ids).not.toContain('check.duns');
    expect(ids).toContain('wait.documents');
  });

  it('keeps the 398-day window arithmetic exact at its edge', () => {
    const w = validationWindow('2026-03-15T00:00:00Z', new Date('2027-04-17T00:00:00Z'));
    expect(w).toMatchObject({ reusableUntil: '2027-04-17', neededNow: true });
    expect(validationWindow('2026-03-15T00:00:00Z', new Date('2027-04-16T23:59:59Z')).neededNow).toBe(false);
  });

  it('names every panel label of its instructions from the one table, with what the control does', () => {
    for (const text of Object.values(REISSUE_TEXT)) {
      for (const m of text.ja.matchAll(/「([^」]+)」/g)) {
        const known = Object.values(REISSUE_PANEL).map((p) => p.label);
        const other = [
          'ヘルプ',
          '開きました',
          '更新申請',
          'パネルで申請しました',
          'SSL証明書',
          '中間証明書',
          '発行された',
        ];
        expect([...known, ...other], `label 「${m[1]}」`).toContain(m[1]);
      }
    }
  });
});
