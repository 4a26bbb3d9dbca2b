import { describe, expect, it } from 'vitest';
import { dropSpentCodes, expiryFor, pruneIssued } from '../../src/store/retention.js';
import { sampleApp } from './contract.js';
import { RETENTION } from './redis-helpers.js';

const ca = { approvalUrl: 'https://a.example/x', approvalCode: 'AAA111', agreementCode: 'BBB222' };

describe('dropSpentCodes (verification codes are deleted once their step is done)', () => {
  it.each([
    ['registrant', { approvalCode: 'AAA111', agreementCode: 'BBB222' }],
    ['verification', { approvalCode: 'AAA111', agreementCode: 'BBB222' }],
    ['agreement', { agreementCode: 'BBB222' }],
    ['documents', {}],
    [undefined, {}],
  ] as const)('at step %s keeps %j', (step, kept) => {
    const out = dropSpentCodes(sampleApp({ ca }), step);
    expect(out.ca).toEqual({ approvalUrl: ca.approvalUrl, ...kept });
  });

  it('drops every code of an application that is no longer active', () => {
    expect(dropSpentCodes(sampleApp({ ca, status: 'cancelled' }), 'verification').ca).toEqual({
      approvalUrl: ca.approvalUrl,
    });
  });

  it('returns the same object when there is nothing to drop', () => {
    const app = sampleApp();
    expect(dropSpentCodes(app, 'csr')).toBe(app);
  });
});

describe('pruneIssued', () => {
  it('keeps only the named properties and fields of an issued application', () => {
    const app = sampleApp({
      status: 'issued',
      fields: { organizationName: 'Example KK', phone: '+81312345678' },
      answers: { x: 'y' },
      ca,
    });
    const out = pruneIssued(app, ['members', 'fields.organizationName']);
    expect(out.fields).toEqual({ organizationName: 'Example KK' });
    expect(out.members).toEqual(app.members);
    expect(out.ca).toBeUndefined();
    expect(out.answers).toEqual({});
    expect(out.id).toBe(app.id);
  });

  it('leaves an active application alone', () => {
    const app = sampleApp({ fields: { phone: '+81312345678' } });
    expect(pruneIssued(app, [])).toBe(app);
  });
});

describe('expiryFor', () => {
  it('is the configured time for the status', () => {
    expect(expiryFor(sampleApp(), RETENTION)).toBe(RETENTION.abandonedMs);
    expect(expiryFor(sampleApp({ status: 'cancelled' }), RETENTION)).toBe(RETENTION.cancelledMs);
    expect(expiryFor(sampleApp({ status: 'issued' }), RETENTION)).toBe(RETENTION.issuedMs);
  });
});
