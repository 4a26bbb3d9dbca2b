import type { CertAnalyzer, CsrAnalyzer } from './csr-check.js';
import type { CaMailFacts, RegistryLookup, SiteCheckFacts } from './facts.js';

/** Pure computations the engine is given rather than imports (CSR and certificate analysis: src/cert). */
export interface EngineDeps {
  analyzeCsr: CsrAnalyzer;
  analyzeCertificate?: CertAnalyzer;
  /** Recognises a CA mail pasted as text (src/camail); its facts are never trusted (sender unknown). */
  recogniseCaText?: (text: string) => CaMailFacts | undefined;
  /** Optional questions this deployment offers on new applications (CORPORATE_NUMBER=ask). */
  offers?: { corporateNumber?: boolean };
  /**
   * What the National Tax Agency's registry says about a corporate number, as far as already known
   * (src/corpnum: a cache in front of the Web-API). Never waits: an unknown number answers `pending` and
   * is fetched in the background, so a later turn shows it.
   */
  corporateRegistry?: (corporateNumber: string) => RegistryLookup;
  /**
   * The live site check the adapter ran before this turn ("check site" on an issued application: the
   * network is the adapter's, src/check/site-check.ts); undefined when it did not run one for `host`.
   */
  siteCheck?: (host: string) => SiteCheckFacts | undefined;
}
