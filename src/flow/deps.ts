import type { CaMailFacts } from './ca-mail.js';
import type { CertAnalyzer, CsrAnalyzer } from './csr-check.js';

/** Pure computations the engine is given rather than imports (CSR and certificate analysis: src/cert). */
export interface EngineDeps {
  analyzeCsr: CsrAnalyzer;
  analyzeCertificate?: CertAnalyzer;
  /** Recognises a CA mail pasted as text (src/camail); its facts are never trusted (sender unknown). */
  recogniseCaText?: (text: string) => CaMailFacts | undefined;
}
