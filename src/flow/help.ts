import { t } from './catalogue.js';
import type { Lang, Text } from './types.js';

const COMMANDS: Text = {
  ja: [
    'いつでも使える言葉:',
    '・ヘルプ … この説明',
    '・戻る … ひとつ前の質問へ',
    '・修正 項目名 … 入力済みの項目を直す（例: 修正 電話番号、修正 CSR）',
    '・スキップ … 任意の項目（FAX番号）を空欄にする',
    '・状況 … 進捗と次にすること',
    '・まとめ … 入力内容の一覧（パネルの入力順）',
    '・キャンセル … 申請をやめる（確認あり）',
    '・最初から … 最初からやり直す（確認あり）',
    '・English … 英語に切り替え',
  ].join('\n'),
  en: [
    'You can say at any time:',
    '- help: this text',
    '- back: the previous question',
    '- edit FIELD: change an answer (e.g. edit phone, edit CSR)',
    '- skip: leave an optional field (fax) empty',
    '- status: progress and what to do next',
    '- summary: everything entered, in the panel’s order',
    '- cancel: stop this application (asks to confirm)',
    '- restart: start over (asks to confirm)',
    '- 日本語: switch to Japanese',
  ].join('\n'),
};

export function commandsHelp(lang: Lang): string {
  return t(COMMANDS, lang);
}
