import { catalogue, fill } from './catalogue.js';
import type { SiteCheckFacts } from './facts.js';
import { fold } from './intents.js';
import type { Reply } from './replies.js';
import { textReply } from './replies.js';
import type { Application } from './state.js';

export type { SiteCheckFacts } from './facts.js';

const WORDS = [
  'check site',
  'check-site',
  'check the site',
  'site check',
  'サイト確認',
  'サイトを確認',
  'サイトを確認して',
  'インストール確認',
  '設定確認',
];

export const SITE_CHECK_CHOICE = 'intent:check-site';

export function isSiteCheckRequest(text: string): boolean {
  return text === SITE_CHECK_CHOICE || WORDS.includes(fold(text).replace(/[。．.!！?？]+$/, ''));
}

/** The domain the check is about: the CSR's (the certificate's) domain. */
export function siteCheckHost(app: Application): string | undefined {
  return app.status === 'issued' ? app.csr?.domain?.replace(/^\*\./, '') : undefined;
}

const M = catalogue('siteCheck', {
  offer: {
    ja: '{host} に証明書をインストールしたら、配信されている証明書を今すぐ確認できます（発行された証明書か、中間証明書、ホスト名、残り日数）。「サイト確認」と送ってください。',
    en: 'Once the certificate is installed on {host}, I can check what the site serves now (the issued certificate, the intermediate, the host name, days left). Say "check site".',
  },
  button: { ja: '{host} を今すぐ確認', en: 'Check {host} now' },
  good: {
    ja: '✅ {host} は発行された証明書を正しく配信しています（残り {days} 日）。',
    en: '✅ {host} serves the issued certificate correctly ({days} days left).',
  },
  bad: { ja: '{host} の配信中の証明書に問題があります:', en: 'What {host} serves needs fixing:' },
  unreachable: {
    ja: '{host}:443 にTLSで接続できませんでした（{code}）。インストール後にもう一度「サイト確認」と送ってください。',
    en: 'Could not open a TLS connection to {host}:443 ({code}). Say "check site" again once it is installed.',
  },
  unavailable: {
    ja: 'ここからはサイトを確認できません。サーバーで `evssl-bot check-site {host}` を実行してください。',
    en: 'The site cannot be checked from here; run `evssl-bot check-site {host}` on a server.',
  },
});

/** Offered after 「発行された」: a button (Slack) or the words to say (console, email). */
export function siteCheckOffer(app: Application): Reply[] {
  const host = siteCheckHost(app);
  if (!host) return [];
  return [
    {
      type: 'question',
      id: 'offer.check-site',
      step: { id: 'issuance', number: 0, total: 0, title: '' },
      text: fill(M.offer, app.lang, { host }),
      input: 'choice',
      choices: [{ value: SITE_CHECK_CHOICE, label: fill(M.button, app.lang, { host }) }],
    },
  ];
}

/** The answer to "check site": the adapter's facts, or how to run the check elsewhere. */
export function siteCheckReplies(app: Application, facts: SiteCheckFacts | undefined, host: string): Reply[] {
  const lang = app.lang;
  if (!facts) return [textReply(M.unavailable, lang, { host })];
  if (facts.unreachable) {
    return [textReply(M.unreachable, lang, { host, code: facts.unreachable }, 'warning')];
  }
  const lines = facts.problems.map((p) => `・${p.message[lang]}`);
  if (facts.ok) {
    const head = fill(M.good, lang, { host, days: facts.daysLeft ?? '?' });
    return [
      { type: 'text', tone: lines.length > 0 ? 'warning' : 'success', text: [head, ...lines].join('\n') },
    ];
  }
  return [{ type: 'text', tone: 'error', text: [fill(M.bad, lang, { host }), ...lines].join('\n') }];
}
