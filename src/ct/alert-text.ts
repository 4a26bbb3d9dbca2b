import type { Lang } from '../flow/types.js';
import { isSectigo } from './ct-source.js';
import type { UnappliedCertificate } from './ct-watch.js';

/** crt.sh finds a certificate by its SHA-256; without it, the domain's list. */
export function crtShLink(alert: UnappliedCertificate): string {
  const { issuance, domain } = alert;
  return issuance.certSha256
    ? `https://crt.sh/?sha256=${issuance.certSha256}`
    : `https://crt.sh/?q=${encodeURIComponent(domain.domain)}`;
}

/** The registrable part the CAA record goes on (the domain as watched, without a leading `www.`). */
function caaName(domain: string): string {
  return domain.replace(/^www\./, '');
}

/**
 * The alert for a certificate nobody applied for through the bot: what it is (issuer, names, validity, a
 * crt.sh link) and what to do — find out who ordered it, have the CA revoke it if nobody did, and
 * restrict issuance with CAA (RFC 8659) to Sectigo when it is the only CA used.
 */
export function alertText(alert: UnappliedCertificate, lang: Lang): { subject: string; text: string } {
  const { issuance, domain } = alert;
  const names = issuance.dnsNames.join(', ');
  const from = issuance.notBefore.slice(0, 10);
  const to = issuance.notAfter.slice(0, 10);
  const link = crtShLink(alert);
  const caa = `${caaName(domain.domain)}. IN CAA 0 issue "sectigo.com"`;
  const sectigo = isSectigo(issuance);
  if (lang === 'ja') {
    return {
      subject: `[EV SSL] 申請のない証明書が発行されました: ${domain.domain}`,
      text: [
        `⚠ Certificate Transparency に、このボットの申請とも登録済みの証明書とも鍵が一致しない ${domain.domain} の証明書が記録されました。`,
        `発行者: ${issuance.issuer}`,
        `名前: ${names}`,
        `有効期間: ${from} 〜 ${to}`,
        `詳細: ${link}`,
        'すること:',
        '1. 社内（他部署、制作会社、ホスティング会社）で誰かが取得したものか確認してください。',
        sectigo
          ? '2. 誰も申請していなければ、セクティゴ社（クラウドセキュア社経由）に連絡し、失効を依頼してください。'
          : `2. 誰も申請していなければ、発行者（${issuance.issuer}）の問題報告窓口に連絡し、失効を依頼してください。`,
        `3. セクティゴ社の証明書だけを使っているなら、DNSにCAAレコードを追加して他の認証局による発行を防いでください: ${caa}`,
      ].join('\n'),
    };
  }
  return {
    subject: `[EV SSL] A certificate nobody applied for: ${domain.domain}`,
    text: [
      `⚠ Certificate Transparency shows a certificate for ${domain.domain} whose key matches none of this bot's applications or tracked certificates.`,
      `Issuer: ${issuance.issuer}`,
      `Names: ${names}`,
      `Valid: ${from} to ${to}`,
      `Details: ${link}`,
      'What to do:',
      '1. Find out whether someone in the organisation (another team, a web agency, the hosting company) ordered it.',
      sectigo
        ? '2. If nobody did, contact Sectigo (through CloudSecure) and ask for it to be revoked.'
        : `2. If nobody did, contact the issuer (${issuance.issuer}) through its problem-reporting address and ask for it to be revoked.`,
      `3. If you use only Sectigo, add a CAA record so that no other CA may issue for the domain: ${caa}`,
    ].join('\n'),
  };
}
