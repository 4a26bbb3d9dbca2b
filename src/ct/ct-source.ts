/**
 * One issuance as a CT source reports it (Cert Spotter's issuance object, reduced to what the watch
 * needs). A precertificate and its certificate share `tbsSha256` (Cert Spotter hashes the TBS without
 * the poison and SCT-list extensions), so they are one issuance here.
 */
export interface CtIssuance {
  /** The source's own id: the `after` cursor of the next page. */
  id: string;
  tbsSha256: string;
  /** SHA-256 of the certificate (or precertificate) itself, when known: crt.sh finds it by this. */
  certSha256?: string;
  pubkeySha256: string;
  dnsNames: string[];
  /** Issuer distinguished name or friendly name (`Sectigo Limited`, `C=GB, O=Sectigo Limited, CN=…`). */
  issuer: string;
  /** The CAA domains the issuer answers to (`sectigo.com`), when the source knows them. */
  issuerCaaDomains: string[];
  notBefore: string;
  notAfter: string;
}

export interface CtPage {
  issuances: CtIssuance[];
  /** The cursor after this page (the last issuance's id); undefined when the page was empty. */
  cursor?: string;
}

/**
 * A source of CT issuances for a domain (and its subdomains, wildcards included). Promised: pages in the
 * source's order, each issuance after `after`. Not promised: that a precertificate and its certificate
 * come once (merge by `tbsSha256`), or any order between domains.
 */
export interface CtSource {
  readonly name: string;
  /** The issuances after `after` (all of them, page by page, until the source has no more). */
  issuancesAfter(domain: string, after: string | undefined): AsyncIterable<CtPage>;
}

/** Whether a DNS name from a certificate covers `host` (exactly, or as a one-label wildcard). */
export function nameCovers(name: string, host: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (n === h) return true;
  if (!n.startsWith('*.')) return false;
  const rest = n.slice(2);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === rest;
}

/** Issued by Sectigo (the CA this bot's applications go to): by CAA domain, else by the issuer name. */
export function isSectigo(issuance: Pick<CtIssuance, 'issuer' | 'issuerCaaDomains'>): boolean {
  if (
    issuance.issuerCaaDomains.some(
      (d) => d.toLowerCase() === 'sectigo.com' || d.toLowerCase() === 'comodoca.com',
    )
  )
    return true;
  return /\b(sectigo|comodo)\b/i.test(issuance.issuer);
}
