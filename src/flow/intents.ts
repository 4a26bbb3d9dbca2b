import type { Lang } from './types.js';

/** What a person can say at any point besides answering the question (PROCESS.md: our product). */
export type Intent =
  | { type: 'help' }
  | { type: 'back' }
  | { type: 'edit'; target: string }
  | { type: 'skip' }
  | { type: 'status' }
  | { type: 'summary' }
  | { type: 'cancel' }
  | { type: 'restart' }
  | { type: 'language'; lang: Lang };

/** NFKC, lower case, trimmed, inner whitespace collapsed: how free text is compared. */
export function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

const WORDS: Record<Exclude<Intent['type'], 'edit' | 'language'>, string[]> = {
  help: ['help', '?', 'ヘルプ', '助けて', 'たすけて', '使い方', 'わからない', '分からない'],
  back: ['back', 'previous', 'prev', '戻る', 'もどる', '前へ', '前に戻る', 'ひとつ前'],
  skip: ['skip', 'none', 'n/a', 'スキップ', 'なし', '無し', 'ない', '不要', '空欄'],
  status: ['status', 'where am i', '状況', '状態', '進捗', 'ステータス', '今どこ'],
  summary: ['summary', 'show', 'review', 'まとめ', '一覧', '確認', '入力内容', 'サマリー', '内容確認'],
  cancel: ['cancel', 'quit', 'abort', 'キャンセル', '中止', 'やめる', '取り消し'],
  restart: ['restart', 'start over', 'reset', '最初から', 'やり直し', 'やりなおし', 'リスタート'],
};

const LANGUAGE: Array<[RegExp, Lang]> = [
  [/^(english|eng|en|英語|えいご)$/, 'en'],
  [/^(japanese|日本語|にほんご|jp|ja|nihongo)$/, 'ja'],
];

function matchLanguage(word: string): Lang | undefined {
  for (const [re, lang] of LANGUAGE) if (re.test(word)) return lang;
  return undefined;
}

/** Recognises an intent in a whole message; an answer that merely contains a word is not an intent. */
export function parseIntent(text: string): Intent | undefined {
  const t = fold(text).replace(/[。．.!！]+$/, '');
  if (t === '') return undefined;
  for (const [type, words] of Object.entries(WORDS)) {
    if (words.includes(t)) return { type } as Intent;
  }
  const lang =
    /^(?:language|lang|言語|げんご)\s*[:：]?\s*(.+)$/.exec(t)?.[1] ??
    /^(.+?)\s*(?:で|に切り替え|に切替|にして)+(?:お願いします|ください)?$/.exec(t)?.[1];
  if (lang) {
    const l = matchLanguage(lang.trim());
    if (l) return { type: 'language', lang: l };
  }
  if (t === 'english' || t === '日本語' || t === 'japanese')
    return { type: 'language', lang: t === 'english' ? 'en' : 'ja' };
  const edit =
    /^(?:edit|change|fix|修正|変更|訂正)\s*[:：]?\s*(.+)$/.exec(t)?.[1] ??
    /^(.+?)\s*(?:を|の)?(?:修正|変更|訂正)(?:する|したい|します)?$/.exec(t)?.[1];
  if (edit) return { type: 'edit', target: edit.trim() };
  // A bare 修正 / edit asks which field; it is never an answer.
  if (EDIT_WORDS.includes(t)) return { type: 'edit', target: '' };
  return undefined;
}

const EDIT_WORDS = ['edit', 'change', 'fix', '修正', '変更', '訂正', '直す', 'なおす'];
/** Words that steer the conversation: never stored as a field value (a bare 修正 then edit stored "edit"). */
const STEERING = [
  ...EDIT_WORDS,
  'next',
  'continue',
  '次',
  '次へ',
  'done',
  '完了',
  'exit',
  '終了',
  'ok',
  'yes',
  'no',
  'はい',
  'いいえ',
];

export function isSteeringWord(text: string): boolean {
  return STEERING.includes(fold(text).replace(/[。．.!！?？]+$/, ''));
}

const YES = [
  'yes',
  'y',
  'ok',
  'okay',
  'sure',
  'はい',
  'うん',
  'ええ',
  'ok です',
  'お願いします',
  '了解',
  'する',
];
const NO = [
  'no',
  'n',
  'nope',
  'いいえ',
  'いえ',
  'ううん',
  'いや',
  '違う',
  'ちがう',
  'やめる',
  'しない',
  'キャンセルしない',
  'やめておく',
];

export function parseYesNo(text: string): boolean | undefined {
  const t = fold(text).replace(/[。．.!！]+$/, '');
  if (YES.includes(t)) return true;
  if (NO.includes(t)) return false;
  return undefined;
}
