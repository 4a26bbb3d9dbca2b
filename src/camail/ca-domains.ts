/**
 * Who may send the mails of steps 5-9: Sectigo (and its former names Comodo / ComodoCA), the agent
 * CloudSecure, and the hosting company XServer (PROCESS.md steps 5-9). Configurable: CA_SENDER_DOMAINS.
 */
export const DEFAULT_CA_SENDER_DOMAINS = [
  'sectigo.com',
  'comodo.com',
  'comodoca.com',
  'cloudsecure.co.jp',
  'xserver.ne.jp',
] as const;

export function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 0) return undefined;
  return (
    address
      .slice(at + 1)
      .toLowerCase()
      .replace(/\.$/, '') || undefined
  );
}

/** The domain itself or a subdomain of it (`mail.sectigo.com`), never a longer name (`sectigo.com.evil.io`). */
export function isExpectedDomain(domain: string | undefined, expected: readonly string[]): boolean {
  if (!domain) return false;
  const d = domain.toLowerCase();
  return expected.some((e) => d === e || d.endsWith(`.${e}`));
}

/** Brand words of the expected domains (`sectigo`, `cloudsecure`…), for spotting lookalikes. */
function brands(expected: readonly string[]): string[] {
  return expected.map((e) => e.split('.')[0]!).filter((b) => b.length >= 4);
}

/** Homoglyph digits and pairs people misread, folded to the letters they imitate. */
function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/0/g, 'o')
    .replace(/[1|]/g, 'l')
    .replace(/3/g, 'e')
    .replace(/5/g, 's')
    .replace(/[-_.]/g, '');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * A domain that imitates an expected one without being it: the brand inside another name
 * (`sectigo-support.com`, `cloudsecure.co.jp.example.net`), homoglyphs (`sect1go.com`) or one or two
 * letters off (`sectiqo.com`, `cloudsecur.co.jp`).
 */
export function isLookalike(domain: string | undefined, expected: readonly string[]): boolean {
  if (!domain || isExpectedDomain(domain, expected)) return false;
  const folded = fold(domain);
  const labels = domain.toLowerCase().split('.');
  return brands(expected).some(
    (b) =>
      folded.includes(b) ||
      labels.some((l) => l.length >= 4 && distance(fold(l), b) <= (b.length >= 7 ? 2 : 1)),
  );
}
