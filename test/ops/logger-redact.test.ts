import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ destination, level: 'debug' });
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger redaction (issue 14 item 24)', () => {
  it('keeps an error code and redacts verification codes by their own fields', () => {
    const { logger, records } = capture();
    logger.warn({ code: 'ECONNRESET', applicationId: 'a1' }, 'reply delivery failed');
    logger.warn({ err: { code: 'ratelimited' } }, 'nested error code');
    logger.info({ verificationCode: 'V-111111' }, 'top level');
    logger.info({ facts: { verificationCode: 'V-222222' } }, 'parsed mail');
    logger.info({ ca: { approvalCode: 'A-333333', agreementCode: 'G-444444', orderNumber: '123' } }, 'ca');
    logger.info({ app: { ca: { approvalCode: 'A-555555', agreementCode: 'G-666666' } } }, 'app');

    const out = records();
    expect(out).toHaveLength(6);
    expect(out[0]?.code).toBe('ECONNRESET');
    expect(out[1]?.err).toEqual({ code: 'ratelimited' });
    expect(out[2]?.verificationCode).toBe('[redacted]');
    expect(out[3]?.facts).toEqual({ verificationCode: '[redacted]' });
    expect(out[4]?.ca).toEqual({
      approvalCode: '[redacted]',
      agreementCode: '[redacted]',
      orderNumber: '123',
    });
    expect(out[5]?.app).toEqual({ ca: { approvalCode: '[redacted]', agreementCode: '[redacted]' } });
    const text = JSON.stringify(out);
    for (const secret of ['V-111111', 'V-222222', 'A-333333', 'G-444444', 'A-555555', 'G-666666']) {
      expect(text).not.toContain(secret);
    }
  });
});
