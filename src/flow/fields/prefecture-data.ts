/** The 47 prefectures in JIS X 0401 code order; `en` is the name as the hosting panel's list shows it. */
export interface Prefecture {
  code: string;
  en: string;
  ja: string;
  /** Romanised suffix of the official name (`Tokyo-to`, `Osaka-fu`, `Aichi-ken`); Hokkaido has none. */
  suffix: '' | 'to' | 'fu' | 'ken';
}

const RAW: ReadonlyArray<readonly [string, string, Prefecture['suffix']]> = [
  ['Hokkaido', '北海道', ''],
  ['Aomori', '青森県', 'ken'],
  ['Iwate', '岩手県', 'ken'],
  ['Miyagi', '宮城県', 'ken'],
  ['Akita', '秋田県', 'ken'],
  ['Yamagata', '山形県', 'ken'],
  ['Fukushima', '福島県', 'ken'],
  ['Ibaraki', '茨城県', 'ken'],
  ['Tochigi', '栃木県', 'ken'],
  ['Gunma', '群馬県', 'ken'],
  ['Saitama', '埼玉県', 'ken'],
  ['Chiba', '千葉県', 'ken'],
  ['Tokyo', '東京都', 'to'],
  ['Kanagawa', '神奈川県', 'ken'],
  ['Niigata', '新潟県', 'ken'],
  ['Toyama', '富山県', 'ken'],
  ['Ishikawa', '石川県', 'ken'],
  ['Fukui', '福井県', 'ken'],
  ['Yamanashi', '山梨県', 'ken'],
  ['Nagano', '長野県', 'ken'],
  ['Gifu', '岐阜県', 'ken'],
  ['Shizuoka', '静岡県', 'ken'],
  ['Aichi', '愛知県', 'ken'],
  ['Mie', '三重県', 'ken'],
  ['Shiga', '滋賀県', 'ken'],
  ['Kyoto', '京都府', 'fu'],
  ['Osaka', '大阪府', 'fu'],
  ['Hyogo', '兵庫県', 'ken'],
  ['Nara', '奈良県', 'ken'],
  ['Wakayama', '和歌山県', 'ken'],
  ['Tottori', '鳥取県', 'ken'],
  ['Shimane', '島根県', 'ken'],
  ['Okayama', '岡山県', 'ken'],
  ['Hiroshima', '広島県', 'ken'],
  ['Yamaguchi', '山口県', 'ken'],
  ['Tokushima', '徳島県', 'ken'],
  ['Kagawa', '香川県', 'ken'],
  ['Ehime', '愛媛県', 'ken'],
  ['Kochi', '高知県', 'ken'],
  ['Fukuoka', '福岡県', 'ken'],
  ['Saga', '佐賀県', 'ken'],
  ['Nagasaki', '長崎県', 'ken'],
  ['Kumamoto', '熊本県', 'ken'],
  ['Oita', '大分県', 'ken'],
  ['Miyazaki', '宮崎県', 'ken'],
  ['Kagoshima', '鹿児島県', 'ken'],
  ['Okinawa', '沖縄県', 'ken'],
];

export const PREFECTURES: readonly Prefecture[] = RAW.map(([en, ja, suffix], i) => ({
  code: String(i + 1).padStart(2, '0'),
  en,
  ja,
  suffix,
}));

/** Other romanisations people use (Kunrei, older Hepburn), keyed to the panel's name. */
export const ROMAJI_ALIASES: Readonly<Record<string, string>> = {
  gumma: 'Gunma',
  ibaragi: 'Ibaraki',
  hiogo: 'Hyogo',
};
