import { getDomain } from 'tldts';
import { z } from 'zod';
import { echo, type FieldSchema, fail, fieldError, requiredError } from './field-error.js';
import { FIELD_LABELS } from './labels.js';
import { nfkc } from './normalize.js';

/** The local parts the CA accepts for email-based domain validation (CA/B Forum BR 3.2.2.4.4). */
export const APPROVAL_LOCAL_PARTS = [
  'admin',
  'administrator',
  'webmaster',
  'hostmaster',
  'postmaster',
] as const;

const emailAddress = z.email();

/** Slack wraps addresses as `<mailto:a@b|a@b>`; people paste `mailto:` links. */
function unwrap(raw: string): string {
  let v = nfkc(raw);
  const slack = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(v);
  if (slack?.[1]) v = slack[1];
  return v.replace(/^mailto:/i, '').trim();
}

function lowerDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at + 1) + address.slice(at + 1).toLowerCase();
}

export const emailSchema: FieldSchema = z.string().transform((raw, ctx) => {
  const v = unwrap(raw);
  if (v === '') return fail(ctx, requiredError('email', FIELD_LABELS.email, 'taro.yamada@example.co.jp'));
  const address = lowerDomain(v);
  if (!emailAddress.safeParse(address).success) {
    return fail(
      ctx,
      fieldError('email.invalid', {
        ja: `「${echo(v)}」はメールアドレスとして正しくありません。半角でご入力ください（例: taro.yamada@example.co.jp）。`,
        en: `"${echo(v)}" is not a valid email address. Enter it in half-width characters (e.g. taro.yamada@example.co.jp).`,
      }),
    );
  }
  return address;
});

/** The CSR's domain without a wildcard label or trailing dot, lowercased. */
function baseDomain(domain: string): string {
  return nfkc(domain).toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
}

/**
 * The domain and each parent down to the registrable one, by the Public Suffix List (through tldts:
 * `tokyo.jp`, `ltd.uk` and the private `github.io` are suffixes nobody can receive approval mail at;
 * BR 3.2.2.4.4 allows the domain or a parent, never a public suffix). A public suffix itself has none.
 */
export function approvalDomains(domain: string): string[] {
  const base = baseDomain(domain);
  const registrable = getDomain(base, { allowPrivateDomains: true });
  if (!registrable) return [];
  const labels = base.split('.').filter(Boolean);
  const min = registrable.split('.').length;
  const out: string[] = [];
  for (let n = labels.length; n >= min; n--) out.push(labels.slice(-n).join('.'));
  return out;
}

/** The addresses offered for approval: the five local parts at the domain, then at each parent. */
export function approvalEmailChoices(domain: string): string[] {
  return approvalDomains(domain).flatMap((d) => APPROVAL_LOCAL_PARTS.map((local) => `${local}@${d}`));
}

/** One of `approvalEmailChoices(domain)`; the local part alone means the domain itself. */
export function approvalEmailSchema(domain: string | undefined): FieldSchema {
  return z.string().transform((raw, ctx) => {
    if (!domain) {
      return fail(
        ctx,
        fieldError('approvalEmail.noDomain', {
          ja: '承認用メールアドレスはCSRのドメインから決まります。先にCSRをご入力ください（例: CSRの「-----BEGIN CERTIFICATE REQUEST-----」から全体を貼り付け）。',
          en: 'The approval address depends on the domain in the CSR: enter the CSR first (e.g. paste it from "-----BEGIN CERTIFICATE REQUEST-----" to the end).',
        }),
      );
    }
    const choices = approvalEmailChoices(domain);
    if (choices.length === 0) {
      return fail(
        ctx,
        fieldError('approvalEmail.publicSuffix', {
          ja: `CSRのドメイン「${baseDomain(domain)}」は公開サフィックス（誰でも登録できる区分）のため、承認用メールアドレスがありません。登録したドメイン名でCSRを作り直してください。`,
          en: `The CSR's domain "${baseDomain(domain)}" is a public suffix, so there is no approval address: make a new CSR for the domain you registered.`,
        }),
      );
    }
    const v = unwrap(raw).toLowerCase();
    if (v === '')
      return fail(ctx, requiredError('approvalEmail', FIELD_LABELS.approvalEmail, choices[0] ?? ''));
    const local = v.replace(/@$/, '');
    const address = local.includes('@') ? v : `${local}@${baseDomain(domain)}`;
    if (choices.includes(address)) return address;
    // The names and the domains, not all ten addresses: the question lists them, numbered, right after.
    const domains = [...new Set(choices.map((c) => c.slice(c.indexOf('@') + 1)))];
    return fail(
      ctx,
      fieldError('approvalEmail.notAllowed', {
        ja: `「${echo(address)}」は承認用メールアドレスに使えません。認証局が承認メールを送れるのは ${domains.join(' または ')} の admin・administrator・webmaster・hostmaster・postmaster だけです。一覧の番号で選んでください（例: ${choices[0]}）。`,
        en: `"${echo(address)}" cannot be the approval address: the CA sends the approval email only to admin, administrator, webmaster, hostmaster or postmaster at ${domains.join(' or ')}. Pick one by its number in the list (e.g. ${choices[0]}).`,
      }),
    );
  });
}
