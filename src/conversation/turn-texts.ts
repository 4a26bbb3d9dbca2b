import type { Text } from '../flow/types.js';

/** What the turn runner itself says (the engine's texts live in src/flow). */
export const TURN_TEXT = {
  forbidden: {
    ja: 'この申請を操作できるのは申請者と、申請に登録されたチームメンバーだけです。',
    en: 'Only the applicant and the teammates named on this application may act on it.',
  },
  busy: {
    ja: '同じ申請への操作が重なったため、今回の回答は反映されませんでした。もう一度お送りください。',
    en: 'Several people were updating this application at once and your answer was not saved. Please send it again.',
  },
  /** The store was unreachable and the turn certainly did not commit: send again. */
  notSaved: {
    ja: '一時的に保存先に接続できず、今回の回答は保存されませんでした。少し待ってからもう一度お送りください。',
    en: 'The bot could not reach its storage for a moment and your answer was not saved. Please send it again shortly.',
  },
  /** The store was unreachable after the write was sent: check before resending. */
  unknown: {
    ja: '回答が保存されたか確認できませんでした。少し待ってから「状況」と送り、反映されているか確かめてからお送りください。',
    en: 'The bot could not confirm that your answer was saved. In a moment, send "status" to check before sending it again.',
  },
} satisfies Record<string, Text>;
