import type { Application } from './state.js';
import type { Lang } from './types.js';

/** A subject value safe inside the command's double quotes, or the placeholder saying what goes there. */
function value(v: string | undefined, placeholder: string): string {
  const ok = v !== undefined && v !== '' && /^[\x20-\x7e]+$/.test(v);
  return ok ? v.replace(/[\\/"$`]/g, (c) => `\\${c}`) : placeholder;
}

/**
 * The openssl command that makes a CSR for this application, built from what the applicant has
 * entered so far (country, prefecture, city, organisation, the CSR's domain); whatever is not known yet
 * is a YOUR-… placeholder, never an invented value (a US CSR must not get ST=Tokyo).
 */
export function opensslHint(app: Application, lang: Lang): string {
  const f = app.fields;
  const country = f.countryCode ?? (app.csr ? undefined : 'JP');
  const domain = value(app.csr?.domain?.replace(/^\*\./, 'www.'), 'YOUR-DOMAIN');
  const subject = [
    `C=${value(country, 'YOUR-COUNTRY-CODE')}`,
    `ST=${value(f.prefecture, 'YOUR-PREFECTURE')}`,
    `L=${value(f.city, 'YOUR-CITY')}`,
    `O=${value(f.organizationName, 'YOUR-ORGANIZATION-NAME')}`,
    `CN=${domain}`,
  ].join('/');
  const cmd = `openssl req -new -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/${subject}" -addext "subjectAltName=DNS:${domain}"`;
  if (!cmd.includes('YOUR-')) return cmd;
  return lang === 'ja'
    ? `${cmd}\n（YOUR- で始まる部分は、ご自身の値（英字）に置き換えてください）`
    : `${cmd}\n(replace each YOUR-… part with your own value)`;
}
