import { fold } from './intents.js';
import type { Reply } from './replies.js';
import type { FlowKind, Lang } from './types.js';

const ACQUIRE = [
  'acquire',
  'apply',
  'new',
  'start',
  '取得',
  '取得申請',
  '新規',
  '新規取得',
  '申請',
  'はじめる',
  '始める',
];
const RENEW = ['renew', 'renewal', '更新', '更新申請'];
const REISSUE = ['reissue', 're-issue', '再発行', '再発行申請'];

/** Reads "which flow" from a first message: `acquire`/`取得` or `renew`/`更新` (also 1 and 2). */
export function parseFlow(text: string): FlowKind | undefined {
  const t = fold(text)
    .replace(/^\/?evssl\s+/, '')
    .replace(/[。．.!！]+$/, '');
  if (t === '1' || ACQUIRE.includes(t)) return 'acquire';
  if (t === '2' || RENEW.includes(t)) return 'renew';
  if (t === '3' || REISSUE.includes(t)) return 'reissue';
  return undefined;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** What a person wrote in: Japanese if the text has any kana or kanji, English if it has a word. */
export function detectLang(text: string): Lang | undefined {
  if (JAPANESE.test(text)) return 'ja';
  if (/[a-z]{3,}/i.test(text)) return 'en';
  return undefined;
}

/** The language of what a person wrote (detectLang), else the fallback (the conversation's, the workspace's). */
export function guessLang(text: string, fallback: Lang): Lang {
  return detectLang(text) ?? fallback;
}

/** The first reply in a conversation that has no application yet. */
export function chooseFlow(lang: Lang): Reply[] {
  const ja = lang === 'ja';
  return [
    {
      type: 'text',
      text: ja
        ? 'こんにちは。EV SSL証明書の申請を、パネルに入力する前にひとつずつ確認しながらご案内します。'
        : 'Hello! I guide you through an EV SSL certificate application, checking every field before you type it into the panel.',
    },
    {
      type: 'question',
      id: 'flow',
      step: { id: 'prepare', number: 0, total: 0, title: '' },
      text: ja ? '取得申請と更新申請のどちらですか？' : 'Is this a new application or a renewal?',
      input: 'choice',
      choices: [
        { value: 'acquire', label: ja ? '取得申請（新規）' : 'New application (acquire)' },
        { value: 'renew', label: ja ? '更新申請' : 'Renewal' },
        { value: 'reissue', label: ja ? '再発行（契約期間内）' : 'Reissue (within the contract)' },
      ],
    },
  ];
}
