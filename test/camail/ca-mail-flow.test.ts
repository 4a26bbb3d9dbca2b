import { describe, expect, it } from 'vitest';
import { currentQuestion } from '../../src/flow/progress.js';
import { dropSpentCodes } from '../../src/store/retention.js';
import { atReview, CODES, facts, openQuestion } from './helpers.js';

const AGREE_URL = 'https://secure.sectigo.com/products/EVClickThrough?orderNumber=1234567';

describe('the engine on a ca-mail event', () => {
  it('CloudSecure’s approval mail proves submission: step 5 with its URL and code, nothing done for the user', () => {
    const c = atReview();
    c.send({
      type: 'ca-mail',
      mail: facts({
        kind: 'approval-request',
        url: 'https://approval.cloudsecure.co.jp/x',
        verificationCode: CODES.approval,
      }),
    });
    expect(c.question.id).toBe('wait.verification');
    expect(c.app.ca).toEqual({
      orderNumber: '1234567',
      approvalUrl: 'https://approval.cloudsecure.co.jp/x',
      approvalCode: CODES.approval,
    });
    expect(c.texts()).toContain(CODES.approval);
    expect(c.texts()).toContain('https://approval.cloudsecure.co.jp/x');
    expect(c.outcome.effects).toContainEqual({ type: 'step-entered', step: 'verification' });
    expect(c.outcome.changed).toEqual(expect.arrayContaining(['review', 'ca.approvalCode']));
  });

  it('the agreement mail moves to step 6 and gives the exact I ACCEPT values; the approval code is then spent', () => {
    const c = atReview('acquire', 'en');
    c.send({ type: 'ca-mail', mail: facts({ kind: 'approval-request', verificationCode: CODES.approval }) });
    c.send({
      type: 'ca-mail',
      mail: facts({ kind: 'subscriber-agreement', url: AGREE_URL, verificationCode: CODES.agreement }),
    });
    expect(c.question.id).toBe('wait.agreement');
    expect(c.texts()).toContain(CODES.agreement);
    expect(c.texts()).toMatch(/never accepts on your behalf/);
    const summary = c.outcome.replies.find((r) => r.type === 'summary');
    expect(JSON.stringify(summary)).toContain('"FirstName"');
    expect(summary?.type === 'summary' && summary.sections[0]!.rows).toEqual([
      { label: 'FirstName', value: 'Taro' },
      { label: 'Surname', value: 'Yamada' },
      { label: 'Contact Phone No', value: expect.stringContaining('3-1234-5678') },
      { label: 'Job Title', value: 'President' },
    ]);
    // runTurn drops a code once its step is behind the application (codes are one-use secrets).
    const saved = dropSpentCodes(c.app, currentQuestion(c.app)?.step);
    expect(saved.ca).toEqual({
      orderNumber: '1234567',
      agreementUrl: AGREE_URL,
      agreementCode: CODES.agreement,
    });
    c.say('done');
    expect(dropSpentCodes(c.app, currentQuestion(c.app)?.step).ca?.agreementCode).toBeUndefined();
  });

  it('an untrusted mail changes nothing and never shows its link or code', () => {
    const c = atReview();
    const before = structuredClone(c.app);
    c.send({
      type: 'ca-mail',
      mail: facts({
        kind: 'subscriber-agreement',
        url: 'https://sectigo-support.com/x',
        verificationCode: 'zz9Zz9zz',
        trusted: false,
        trustReason: 'lookalike-sender',
      }),
    });
    expect(c.app).toEqual({ ...before, updatedAt: c.app.updatedAt });
    expect(c.texts()).toMatch(/なりすまし/);
    expect(c.texts()).not.toContain('sectigo-support.com/x');
    expect(c.texts()).not.toContain('zz9Zz9zz');
  });

  it('a pasted CA mail at a waiting step is shown as information and does not advance', () => {
    const c = atReview();
    c.say('パネルで申請しました');
    expect(c.question.id).toBe('wait.verification');
    c.say(
      `Before we can process this request we must obtain a signed EV Subscriber Agreement.\nVerification Code: ${CODES.agreement}\n${AGREE_URL}`,
    );
    expect(c.texts()).toContain(CODES.agreement);
    expect(c.texts()).toMatch(/送信元を確認できない/);
    expect(c.app.answers['wait.verification']).toBeUndefined();
    expect(c.app.ca).toBeUndefined();
    expect(c.question.id).toBe('wait.verification');
  });

  it('documents, callback and issuance each move to their step; a rejection reopens step 7', () => {
    const c = atReview();
    c.send({ type: 'ca-mail', mail: facts({ kind: 'documents', documents: 'requested' }) });
    expect(c.question.id).toBe('wait.documents');
    expect(c.texts()).toContain('evdocs@cloudsecure.co.jp');
    c.send({ type: 'ca-mail', mail: facts({ kind: 'callback', callbackAt: '2026年12月1日 14:00' }) });
    expect(c.question.id).toBe('wait.callback');
    expect(c.texts()).toContain('2026年12月1日 14:00');
    c.send({ type: 'ca-mail', mail: facts({ kind: 'documents', documents: 'rejected' }) });
    expect(c.question.id).toBe('wait.documents');
    expect(openQuestion(c.app)).toBe('wait.documents');
    c.send({ type: 'ca-mail', mail: facts({ kind: 'certificate-issued', senderDomain: 'xserver.ne.jp' }) });
    expect(c.question.id).toBe('wait.issuance');
    expect(c.texts()).toContain('証明書ダウンロード');
    expect(c.app.status).toBe('active');
  });

  it('a mail for a step already passed changes nothing', () => {
    const c = atReview();
    c.send({ type: 'ca-mail', mail: facts({ kind: 'callback' }) });
    c.send({ type: 'ca-mail', mail: facts({ kind: 'dcv', verificationCode: CODES.dcv }) });
    expect(currentQuestion(c.app)?.id).toBe('wait.callback');
    expect(c.texts()).toMatch(/先に進んでいる/);
    expect(c.outcome.changed).toEqual([]);
    expect(c.app.ca?.approvalCode).toBeUndefined();
  });

  it('a mail before step 4 is finished tells, stores nothing and does not skip the registrant questions', () => {
    const early = atReview();
    delete early.app.fields.title;
    early.send({ type: 'ca-mail', mail: facts({ kind: 'dcv', verificationCode: CODES.dcv }) });
    expect(early.question.id).toBe('field.title');
    expect(early.texts()).toMatch(/手順4/);
    expect(early.app.ca).toBeUndefined();
  });

  it('a closed application is left alone', () => {
    const c = atReview();
    c.say('キャンセル');
    c.say('はい');
    c.send({ type: 'ca-mail', mail: facts({ kind: 'dcv', verificationCode: CODES.dcv }) });
    expect(c.app.status).toBe('cancelled');
    expect(c.app.ca).toBeUndefined();
    expect(c.texts()).not.toContain(CODES.dcv);
  });
});
