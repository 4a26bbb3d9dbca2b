export { analyzeCertificate } from './analyze-certificate.js';
export { analyzeCsr } from './analyze-csr.js';
export { opensslCommand } from './fix-command.js';
export { forLocalFile } from './input-problems.js';
export { normaliseOrganizationName } from './subject-rules.js';
export type {
  CertInfo,
  CertOptions,
  CertResult,
  CsrExpectations,
  CsrInfo,
  CsrResult,
  InputWhat,
  KeySummary,
  Problem,
} from './types.js';
export { maxValidityDays, validityDays } from './validity.js';
export { fermatFactor, hasRocaFingerprint } from './weak-keys.js';
