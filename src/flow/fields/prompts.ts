import { SC090_LINE } from '../dv-note.js';
import type { FieldName, Text } from '../types.js';

/** The question asked for each field (step 4 of PROCESS.md): the rule, then an example. */
export const FIELD_PROMPTS: Record<FieldName, Text> = {
  organizationName: {
    ja: '組織名（正式英文名称）を教えてください。定款に記載のローマ字商号と同じ表記でご入力ください（例: Example Trading Co., Ltd.）。',
    en: 'What is the organization name? Enter the official English name exactly as written in your articles of incorporation (e.g. Example Trading Co., Ltd.).',
  },
  duns: {
    ja: 'DUNSナンバー（9桁の数字）を教えてください。ハイフンやスペースはあってもなくても構いません（例: 123456789）。',
    en: 'What is your D-U-N-S number? It has 9 digits; hyphens and spaces are fine (e.g. 123456789).',
  },
  name: {
    ja: '申請責任者の氏名をアルファベットで、名・姓の順にご入力ください（例: Taro Yamada）。',
    en: "What is the applicant's name? Type it in the Latin alphabet, given name first (e.g. Taro Yamada).",
  },
  title: {
    ja: '申請責任者の役職を英語でご入力ください（例: President、Representative Director）。',
    en: "What is the applicant's job title? Type it in English (e.g. President, Representative Director).",
  },
  postalCode: {
    ja: '運営組織の郵便番号をご入力ください。ハイフンは付けても付けなくても構いません（例: 1000001）。',
    en: "What is the organization's postal code? With or without the hyphen (e.g. 1000001).",
  },
  countryCode: {
    ja: '国コードを選択してください。日本の場合は「JP」です。',
    en: 'Which country is the organization in? For Japan choose "JP".',
  },
  prefecture: {
    ja: '運営組織のある都道府県を選択するか、ご入力ください（例: Tokyo、東京都、13）。',
    en: 'Which prefecture is the organization in? Choose it or type it (e.g. Tokyo, 東京都 or the code 13).',
  },
  city: {
    ja: '運営組織のある市区町村名をアルファベットでご入力ください（例: Chiyoda-ku）。',
    en: 'Which city, ward or town is the organization in? Type it in the Latin alphabet (e.g. Chiyoda-ku).',
  },
  address: {
    ja: '市区町村より後の詳しい住所をアルファベットでご入力ください。「丁目-番地-号, 建物名, 階」の順が一般的です（例: 1-2-3 Marunouchi, Example Bldg. 5F）。',
    en: 'What is the street address after the city? Type it in the Latin alphabet, usually "chome-banchi-go, building, floor" (e.g. 1-2-3 Marunouchi, Example Bldg. 5F).',
  },
  phone: {
    ja: '運営組織の電話番号をご入力ください（例: 03-1234-5678）。',
    en: "What is the organization's phone number? (e.g. 03-1234-5678)",
  },
  fax: {
    ja: 'FAX番号をご入力ください（例: 03-1234-5679）。FAXが無い場合は「なし」とお答えください。',
    en: 'What is the fax number? (e.g. 03-1234-5679). If you have no fax, answer "none".',
  },
  email: {
    ja: '登録者のメールアドレスをご入力ください。証明書の発行のお知らせなどが届きます（例: taro.yamada@example.co.jp）。',
    en: 'What is the registrant email address? Notices such as the issuance of the certificate go there (e.g. taro.yamada@example.co.jp).',
  },
  approvalEmail: {
    ja:
      '承認用メールアドレスを選択してください。SSL発行元からの承認メールがこのアドレスに届きます。' +
      '実際にメールを受信できるアドレスを事前にご用意ください。\n' +
      SC090_LINE.ja,
    en:
      'Which approval email address should be used? The issuer sends its approval email there, so it must ' +
      'really receive mail: prepare the mailbox in advance.\n' +
      SC090_LINE.en,
  },
  dunsName: {
    ja: 'DUNSに登録されている英語会社名を、登録どおりにご入力ください（例: Example Trading Co., Ltd.）。申請内容と一致しないと証明書は発行されません。',
    en: 'What English company name is registered with DUNS? Enter it exactly as registered (e.g. Example Trading Co., Ltd.); if it does not match the application, the certificate is not issued.',
  },
  dunsAddress: {
    ja: 'DUNSに登録されている英語住所を、登録どおりに1行でご入力ください（例: 1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001）。',
    en: 'What English address is registered with DUNS? Enter it in one line exactly as registered (e.g. 1-2-3 Marunouchi, Example Bldg. 5F, Chiyoda-ku, Tokyo 100-0001).',
  },
  dunsPhone: {
    ja: 'DUNSに登録されている電話番号をご入力ください（例: 03-1234-5678）。手順6の「Contact Phone No」にもこの番号を使います。',
    en: 'What phone number is registered with DUNS? (e.g. 03-1234-5678). Step 6 asks for this number as "Contact Phone No".',
  },
  corporateNumber: {
    ja: '（任意）組織の法人番号（13桁）を教えてください。国税庁の法人番号公表サイトで調べられます。EV証明書の「serialNumber」には、この番号の後ろ12桁（会社法人等番号）が入ります。わからない場合は「スキップ」とお答えください（例: 1180301018771）。',
    en: '(Optional) What is the organisation’s corporate number (法人番号, 13 digits)? You can look it up on the National Tax Agency’s corporate number site. The EV certificate’s "serialNumber" carries its last 12 digits (the company registration number). Answer "skip" if you do not know it (e.g. 1180301018771).',
  },
};
