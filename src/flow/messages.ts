import { catalogue } from './catalogue.js';

/** What the engine says between questions: confirmations, refusals, notes. */
export const MESSAGES = catalogue('engine', {
  firstQuestion: { ja: 'これが最初の質問です。', en: 'This is the first question.' },
  notOptional: {
    ja: 'この項目は必須のため、スキップできません。',
    en: 'This field is required and cannot be skipped.',
  },
  unknownEdit: {
    ja: '「{target}」という項目が見つかりません。例: 修正 電話番号 / 修正 組織名 / 修正 CSR（「まとめ」で項目の一覧を表示します）',
    en: 'There is no field called "{target}". For example: edit phone / edit organizationName / edit CSR ("summary" lists the fields).',
  },
  editWhich: {
    ja: 'どの項目を直しますか？ 「修正 項目名」の形で送ってください（例: 修正 住所、修正 電話番号、修正 CSR。「まとめ」で項目の一覧を表示します）。',
    en: 'Which field? Say "edit FIELD" (e.g. edit address, edit phone, edit CSR; "summary" lists the fields).',
  },
  commandWord: {
    ja: '「{word}」は操作の言葉のため、{label}としては登録していません。{label}を入力してください（別の項目を直すには「修正 項目名」）。',
    en: '"{word}" is a command word, so it was not saved as the {label}. Please type the {label} (to change another field, say "edit FIELD").',
  },
  editNeedsCsr: {
    ja: '承認用メールアドレスはCSRのドメインから選びます。先にCSRを入力してください。',
    en: 'The approval address is chosen from the CSR’s domain: enter the CSR first.',
  },
  confirmCancel: {
    ja: 'この申請（{id}）をキャンセルしますか？ 入力内容は破棄されます。',
    en: 'Cancel this application ({id})? What you entered will be discarded.',
  },
  confirmRestart: {
    ja: '最初からやり直しますか？ 入力内容はすべて消去されます。',
    en: 'Start over? Everything you entered will be cleared.',
  },
  kept: { ja: 'わかりました。続けます。', en: 'OK, carrying on.' },
  yesNo: { ja: '「はい」か「いいえ」でお答えください。', en: 'Please answer "yes" or "no".' },
  cancelledNow: {
    ja: '申請 {id} をキャンセルしました。新しく始めるには「取得」または「更新」と送ってください。',
    en: 'Application {id} is cancelled. Send "acquire" or "renew" to start a new one.',
  },
  restarted: { ja: '最初からやり直します。', en: 'Starting over.' },
  language: { ja: '日本語で続けます。', en: 'Switched to English.' },
  notAChoice: {
    ja: '選択肢から選んでください（番号でも構いません）。',
    en: 'Please pick one of the choices (a number is fine).',
  },
  saved: { ja: '{label}: {value} で登録しました。', en: '{label}: saved as {value}.' },
  articlesCertified: {
    ja: '定款を提出する場合は、定款の最終項目に代表取締役名義での原本証明（「本定款は当会社の現行定款に相違ありません」等の記載、日付、代表取締役の記名押印）が必要です。手順7で提出する前にご確認ください。',
    en: 'When you submit the articles of incorporation, their last item must carry a certification of the original in the representative director’s name (a statement that these are the current articles, the date, and the director’s name and seal). Check it before you send them in step 7.',
  },
  csrToPanel: {
    ja: 'パネルの取得申請フォームのCSR欄にこのCSRを貼り付け、「登録者情報入力画面へ進む」をクリックしてください。続いて、登録者情報を1項目ずつ確認します。',
    en: 'Paste this CSR into the CSR box of the panel’s 取得申請 form and click "登録者情報入力画面へ進む" (continue to the registrant form). Next I check the registrant fields one by one.',
  },
  nameOrder: {
    ja: '名（FirstName）「{firstName}」、姓（Surname）「{surname}」と読みました。逆の場合は「修正 氏名」で、名・姓の順（例: Taro Yamada）に入力し直してください。',
    en: 'I read the given name (FirstName) as "{firstName}" and the family name (Surname) as "{surname}". If that is the wrong way round, say "edit name" and type it given name first (e.g. Taro Yamada).',
  },
  csrAccepted: {
    ja: 'CSRを確認しました。コモンネーム: {cn} / SAN: {sans} / 鍵: {key}',
    en: 'CSR checked. Common name: {cn} / SANs: {sans} / key: {key}',
  },
  csrRejected: {
    ja: 'このCSRでは申請できません。次の点を直して、作り直したCSRを貼り付けてください。',
    en: 'This CSR cannot be used. Fix the following and paste the new CSR.',
  },
  approvalCleared: {
    ja: 'CSRのドメインが変わったため、承認用メールアドレスを選び直してください。',
    en: 'The CSR’s domain changed, so please choose the approval address again.',
  },
  dunsAcknowledged: {
    ja: '承知しました。DUNS登録の訂正が完了するまで証明書は発行されない点にご注意ください。',
    en: 'Noted. The certificate will not be issued until the DUNS record is corrected.',
  },
  certChecked: {
    ja: '証明書を確認しました。有効期限: {notAfter}（{days}日間）。有効期限を記録しました（更新のお知らせは、リマインダーを設定したSlack・メールに届きます）。',
    en: 'Certificate checked. Expires {notAfter} ({days} days). Its expiry is recorded (renewal reminders go to the Slack or email reminders you set up).',
  },
  issuedNoCert: {
    ja: 'おめでとうございます！ 手続きは完了です。証明書（-----BEGIN CERTIFICATE----- から）を貼り付けると、CSRとの一致を確認して有効期限を記録します（CLI の「evssl-bot certs add」でも登録できます）。',
    en: 'Congratulations, all done! Paste the certificate (from -----BEGIN CERTIFICATE-----) and I check it matches your CSR and record its expiry (or register it with "evssl-bot certs add").',
  },
  closedHelp: {
    ja: 'この申請は終了しています。使える言葉: 更新（次の更新申請を始める）/ 取得（新しい取得申請を始める）/ 状況 / まとめ / English',
    en: 'This application is closed. You can say: renew (start the next renewal) / acquire (start a new application) / status / summary / 日本語',
  },
  pastedCertTooEarly: {
    ja: '証明書は手続き完了（発行）の段階で貼り付けてください。今は次の質問にお答えください。',
    en: 'Paste the certificate at the issuance step. For now, please answer the question below.',
  },
  changedAfterSubmit: {
    ja: '※ パネルではすでに申請済みです。ここでの変更は申請内容には反映されません。申請内容を直す必要がある場合は、ホスティング会社のサポートにご連絡ください。',
    en: 'Note: you already submitted in the panel. Changing it here does not change the application; contact the hosting company’s support if the submitted data must be corrected.',
  },
  recheckCountry: {
    ja: '国コードが変わったため、{label}をもう一度ご入力ください。',
    en: 'The country changed, so please enter the {label} again.',
  },
  movedOn: {
    ja: 'この申請は、ほかの方の操作で先に進んでいました。今回の回答は反映していません。現在の状況です:',
    en: 'Someone else moved this application on meanwhile, so your answer was not applied. Here is where it stands:',
  },
});
