import { catalogue } from './catalogue.js';

/** What the reissue flow says (reissue.ts, reissue-ask.ts); the panel's own texts are in reissue-panel.ts. */
export const REISSUE_MESSAGES = catalogue('reissue', {
  contractPrompt: {
    ja: 'SSL契約の契約期間の終了日を教えてください（パネルの「契約情報」→「契約期間」。例: 2027-04-30）。わからなければ、購入時の契約年数（例: 1年）でも構いません。証明書の有効期限とは別の日付です。',
    en: 'When does the SSL contract end? (the panel’s "契約情報" → "契約期間", contract term; e.g. 2027-04-30). The contract length at purchase (e.g. 1 year) will do if you do not know the date. This is not the certificate’s expiry.',
  },
  contractBad: {
    ja: '日付（例: 2027-04-30、2027年4月30日）か契約年数（例: 1年、12ヶ月）でお答えください。',
    en: 'Please answer with a date (e.g. 2027-04-30) or the contract length (e.g. 1 year, 12 months).',
  },
  contractDateOnly: {
    ja: '再発行では、パネルの「契約情報」→「契約期間」に表示される終了日（例: 2027-04-30）をご入力ください。',
    en: 'For a reissue, please give the end date shown in the panel’s "契約情報" → "契約期間" (e.g. 2027-04-30).',
  },
  contractEnded: {
    ja: '契約期間は {end} に終了しています。契約が終わった後は再発行ではなく「更新申請」になります。「キャンセル」してから「更新」と送ってください。',
    en: 'The contract ended on {end}. After the contract, it is a renewal (更新申請), not a reissue: say "cancel", then "renew".',
  },
  contractSaved: { ja: '契約期間の終了日: {end} で登録しました。', en: 'Contract end saved: {end}.' },
  contractFromLength: {
    ja: '契約年数から {end} と計算しました（開始日 {start}）。正確な日付はパネルの「契約期間」で確かめ、違えば「契約 2027-04-30」のように送って直してください。',
    en: 'Counted from the length: {end} (contract starting {start}). Check the exact date in the panel’s "契約期間"; if it differs, send e.g. "contract 2027-04-30".',
  },
  validatedPrompt: {
    ja: '前回、書類提出（定款など）と電話確認で組織の認証を受けたのはいつですか？（例: 2026-04-10。前回の取得・更新の申請が完了した頃です）わからなければ「不明」とお答えください。',
    en: 'When was the organisation last validated with the documents (articles etc.) and the callback? (e.g. 2026-04-10: around when the last application or renewal completed). Answer "not known" if you do not know.',
  },
  validatedBad: {
    ja: '日付（例: 2026-04-10）か「不明」でお答えください。',
    en: 'Please answer with a date (e.g. 2026-04-10) or "not known".',
  },
  validatedFuture: {
    ja: 'その日付はまだ来ていません。前回の組織認証の日付をご入力ください。',
    en: 'That date is still to come: please give the date of the last validation.',
  },
  notNeeded: {
    ja: '組織情報は {on} に確認済みで {until} まで再利用できるため、今回の再発行では書類提出と電話確認は不要です（ドメイン認証はもう一度あります）。',
    en: 'The organisation was validated on {on} and that can be reused until {until}: this reissue needs no documents and no callback (domain validation comes again).',
  },
  needed: {
    ja: '前回の組織確認（{on}）から398日を超えている（再利用は {until} まで）ため、今回の再発行では書類提出と電話確認がもう一度必要です。ローマ字商号の記載と代表取締役名義の原本証明がある定款、または弁護士意見書を用意してください。',
    en: 'The organisation was last validated on {on}, more than 398 days ago (reusable until {until}): this reissue needs the documents and the callback again. Have the articles of incorporation (with the romanised trade name and the representative director’s certification) or an attorney opinion letter ready.',
  },
  neededUnknown: {
    ja: '前回の組織確認の日付がわからないため、書類提出と電話確認がもう一度ある前提でご案内します（398日以内なら認証機関から求められず、その手順は「完了」で進めます）。',
    en: 'As the date of the last validation is not known, I assume the documents and the callback come again (if it was within 398 days the CA will not ask; answer "done" to move past them).',
  },
  currentPrompt: {
    ja: '現在の証明書（-----BEGIN CERTIFICATE----- から）を貼り付けてください。新しいCSRの鍵が現在の鍵と違うことを確認します。手元になければ「手元にない」とお答えください。',
    en: 'Paste the current certificate (from -----BEGIN CERTIFICATE-----), so I can check the new CSR’s key differs from it. Answer "not at hand" if you do not have it.',
  },
  currentRead: {
    ja: '現在の証明書: {domain}（有効期限 {notAfter}、シリアル {serial}）',
    en: 'Current certificate: {domain} (expires {notAfter}, serial {serial})',
  },
  currentNone: {
    ja: '現在の証明書がないため、鍵が変わったかは確認できません。必ず新しい秘密鍵でCSRを作ってください。',
    en: 'Without the current certificate I cannot check the key changed: be sure to make the CSR with a new private key.',
  },
  currentBad: {
    ja: '証明書として読めませんでした。「-----BEGIN CERTIFICATE-----」から「-----END CERTIFICATE-----」まで貼り付けるか、「手元にない」とお答えください。',
    en: 'That is not readable as a certificate. Paste everything from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----", or answer "not at hand".',
  },
  registrantPrompt: {
    ja: '登録者情報は前回の申請から引き継ぎました（上のまとめ）。変わっていなければ「はい」とお答えください。変わった項目は「修正 項目名」（例: 修正 電話番号）で直せます。',
    en: 'The registrant information is carried over from the last application (summary above). Answer "yes" if nothing changed; change an item with "edit FIELD" (e.g. edit phone).',
  },
  sameKey: {
    ja: 'このCSRは現在の証明書と同じ鍵（公開鍵）です。再発行では新しい秘密鍵を作ってください: openssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr',
    en: 'This CSR has the same key as the current certificate. Make a new private key for the reissue: openssl req -new -newkey rsa:2048 -nodes -keyout new.key -out new.csr',
  },
  otherDomain: {
    ja: 'このCSRのドメイン（{csr}）は現在の証明書（{cert}）と違います。再発行は同じドメインの証明書を作り直す手続きです。別のドメインなら新しく取得申請をしてください。',
    en: 'This CSR’s domain ({csr}) is not the current certificate’s ({cert}). A reissue remakes the certificate for the same domain; a different domain needs a new application.',
  },
  notIssued: {
    ja: '再発行は証明書が発行済みの申請から始められます。新しく再発行を始めるには、別の会話で「再発行」と送ってください。',
    en: 'A reissue starts from an application whose certificate is issued. To start one afresh, send "reissue" in a new conversation.',
  },
  fromIssued: {
    ja: '申請 {id} の再発行を始めます（契約期間内・無料）。登録者情報、契約期間、前回の組織確認の日付を引き継ぎます。新しい鍵でCSRを作り、ドメイン認証をもう一度受けます。',
    en: 'Starting a reissue of application {id} (within the contract, free of charge). The registrant information, the contract end and the date of the last validation are carried over. You make a CSR with a new key and pass domain validation again.',
  },
  askContractAfter: {
    ja: '次の証明書が「再発行」か「更新」かを判断するため、SSL契約の契約期間の終了日を教えてください（パネルの「契約情報」→「契約期間」、例: 2027-04-30、または「1年」）。契約が証明書より長ければ、次は更新ではなく再発行（無料）です。',
    en: 'To tell whether the next certificate is a reissue or a renewal, when does the SSL contract end? (the panel’s "契約情報" → "契約期間", e.g. 2027-04-30, or "1 year"). When the contract outlives the certificate, the next one is a reissue (free of charge), not a renewal.',
  },
});
