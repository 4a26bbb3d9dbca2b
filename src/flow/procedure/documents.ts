import { type ProcedureStep, same } from './step.js';

/** Organisation documents (PROCESS.md step 7): the articles (原本証明 on the last item) or an opinion letter. */
export const DOCUMENTS: ProcedureStep = {
  id: 'documents',
  title: same({ ja: '申請組織を確認できる書類の提出', en: 'Send the organisation documents' }),
  questions: [{ id: 'wait.documents', step: 'documents', kind: 'wait' }],
  waiting: {
    ja: '手順1で用意した定款（または弁護士意見書）をPDFなどにスキャンし、evdocs@cloudsecure.co.jp 宛にメールで送ってください。定款の場合は、最終項目に代表取締役名義の原本証明（現行定款に相違ない旨・日付・代表取締役の記名押印）があることを確認してください。クラウドセキュア社が内容を確認してセクティゴ社へ提出します。送信したら「完了」とお答えください。',
    en: 'Scan the articles of incorporation (or the attorney opinion letter) from step 1 to a PDF and email it to evdocs@cloudsecure.co.jp. Articles must carry, as their last item, a certification of the original in the representative director’s name (current articles, date, director’s name and seal). CloudSecure checks it and passes it on to Sectigo. Answer "done" once sent.',
  },
  caMails: ['documents'],
  nudges: [
    {
      id: 'documents',
      afterDays: 3,
      text: {
        ja: '組織を確認する書類（定款または弁護士意見書）がまだ送られていないようです。evdocs@cloudsecure.co.jp 宛に送ってください。',
        en: 'The organisation documents (articles of incorporation or attorney opinion letter) seem not to be sent yet: email them to evdocs@cloudsecure.co.jp.',
      },
    },
  ],
};
