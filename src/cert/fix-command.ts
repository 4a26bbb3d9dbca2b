/** The openssl command that makes a CSR the CA accepts, filled in with what we know of the applicant. */

export interface FixContext {
  domain?: string;
  organizationName?: string;
  countryCode?: string;
  state?: string;
  locality?: string;
  /** Suggest an ECDSA P-256 key instead of RSA 2048 (when the applicant already chose EC). */
  ec?: boolean;
}

/** Values not known yet are placeholders that say what to put there, never invented values. */
const PLACEHOLDER_DOMAIN = 'www.YOUR-DOMAIN.example';

/** A public DNS name usable in the command, or the placeholder. */
function usableDomain(domain: string | undefined): string {
  if (!domain) return PLACEHOLDER_DOMAIN;
  const d = domain.toLowerCase().replace(/^\*\./, 'www.');
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d) ? d : PLACEHOLDER_DOMAIN;
}

function subjectValue(value: string | undefined, fallback: string): string {
  const v = value && /^[\x20-\x7e]+$/.test(value) ? value : fallback;
  return v.replace(/[\\/"$`]/g, (c) => `\\${c}`);
}

export function opensslCommand(ctx: FixContext): string {
  const domain = usableDomain(ctx.domain);
  const newkey = ctx.ec ? '-newkey ec -pkeyopt ec_paramgen_curve:P-256' : '-newkey rsa:2048';
  const subject = [
    `C=${subjectValue(ctx.countryCode?.toUpperCase(), 'JP')}`,
    `ST=${subjectValue(ctx.state, 'YOUR-PREFECTURE-OR-STATE')}`,
    `L=${subjectValue(ctx.locality, 'YOUR-CITY')}`,
    `O=${subjectValue(ctx.organizationName, 'YOUR-ORGANIZATION-NAME')}`,
    `CN=${domain}`,
  ].join('/');
  return (
    `openssl req -new ${newkey} -nodes -sha256 -keyout ${domain}.key -out ${domain}.csr ` +
    `-subj "/${subject}" -addext "subjectAltName=DNS:${domain}"`
  );
}

/** The fix paragraph in both languages: make a new key and CSR, keep the key on the server. */
export function fixText(ctx: FixContext): { ja: string; en: string } {
  const cmd = opensslCommand(ctx);
  return {
    ja: `次のコマンドでサーバー上で新しい秘密鍵とCSRを作り、.csr ファイルの中身だけを貼ってください（.key は誰にも送らないでください）${cmd.includes('YOUR-') ? '。YOUR- で始まる部分はご自身の値に置き換えてください' : ''}:\n${cmd}`,
    en: `Make a new key and CSR on the server with the command below, then paste only the .csr file (never send the .key file)${cmd.includes('YOUR-') ? '; replace the YOUR-… parts with your own values' : ''}:\n${cmd}`,
  };
}
